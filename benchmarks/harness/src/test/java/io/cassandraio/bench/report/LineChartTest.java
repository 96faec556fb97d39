package io.cassandraio.bench.report;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class LineChartTest {
  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

  @Rule public TemporaryFolder temp = new TemporaryFolder();

  @BeforeClass
  public static void headless() {
    System.setProperty("java.awt.headless", "true");
  }

  /** Seven contenders over the locality sweep, shaped like a benchmark result. */
  static Map<String, List<double[]>> benchmarkLike() {
    double[] localities = {0, 0.2, 0.4, 0.6, 0.8};
    Map<String, double[]> rowsPerS = new LinkedHashMap<>();
    rowsPerS.put("driver-async", new double[] {21000, 21400, 20800, 21200, 21000});
    rowsPerS.put("driver-batch-mixed", new double[] {9000, 9800, 10400, 11800, 13500});
    rowsPerS.put("beam-cassandraio", new double[] {6100, 6000, 6300, 6200, 6150});
    rowsPerS.put("ours-none", new double[] {19500, 19800, 19600, 19900, 19700});
    rowsPerS.put("ours-partition", new double[] {18000, 24000, 31000, 38000, 46000});
    rowsPerS.put("ours-replica-set", new double[] {17500, 22000, 27000, 33000, 40000});
    rowsPerS.put("ours-auto", new double[] {21500, 25000, 32000, 39500, 47500});
    Map<String, List<double[]>> series = new LinkedHashMap<>();
    rowsPerS.forEach((name, ys) -> {
      List<double[]> points = new ArrayList<>();
      for (int i = 0; i < ys.length; i++) {
        points.add(new double[] {localities[i], ys[i]});
      }
      series.put(name, points);
    });
    return series;
  }

  @Test
  public void rendersAValidPngOfTheRequestedSizeWithEverySeriesColor() throws Exception {
    Path png = temp.getRoot().toPath().resolve("charts").resolve("rows-per-s.png");
    Map<String, List<double[]>> series = benchmarkLike();

    LineChart.render("Run A: one node, RF=1, CL=ONE, 200k rows", "locality L", "rows/s", series, png);

    byte[] head = new byte[8];
    try (InputStream in = Files.newInputStream(png)) {
      assertEquals(8, in.read(head));
    }
    assertArrayEquals("PNG signature", PNG_SIGNATURE, head);
    BufferedImage image = ImageIO.read(png.toFile());
    assertNotNull("ImageIO reads it back", image);
    assertEquals(LineChart.DEFAULT_WIDTH, image.getWidth());
    assertEquals(LineChart.DEFAULT_HEIGHT, image.getHeight());
    for (int i = 0; i < series.size(); i++) {
      int rgb = LineChart.seriesColor(i).getRGB() & 0xFFFFFF;
      int count = countPixels(image, rgb);
      // A line across the plot plus five markers and a legend sample: hundreds of pixels.
      assertTrue("series " + i + " color " + Integer.toHexString(rgb) + " has only " + count + " pixels",
          count > 200);
    }
    assertTrue("mostly white background", countPixels(image, 0xFFFFFF) > image.getWidth() * image.getHeight() / 2);
  }

  @Test
  public void everySeriesGetsADistinctColor() {
    for (int i = 0; i < 10; i++) {
      for (int j = i + 1; j < 10; j++) {
        assertTrue(!LineChart.seriesColor(i).equals(LineChart.seriesColor(j)));
      }
    }
  }

  @Test
  public void degenerateInputsStillRender() throws Exception {
    Map<String, List<double[]>> series = new LinkedHashMap<>();
    series.put("empty", List.of());
    series.put("one point", List.of(new double[] {3, 0}));
    series.put("NaN skipped", List.of(new double[] {Double.NaN, 1}, new double[] {4, 0}));
    Path png = temp.getRoot().toPath().resolve("degenerate.png");
    XYSeriesCollection data = dataset(LineChart.chart("", "", "", series));
    assertEquals(List.of("empty", "one point", "NaN skipped"), data.getSeries().stream().map(s -> ((XYSeries) s).getKey()).toList());
    assertEquals(0, data.getItemCount(0));
    assertEquals(1, data.getItemCount(1));
    assertEquals("NaN point skipped", 1, data.getItemCount(2));
    assertEquals(4.0, data.getXValue(2, 0), 0);

    LineChart.render("", "", "", series, png, 400, 300);
    BufferedImage image = ImageIO.read(png.toFile());
    assertEquals(400, image.getWidth());
    assertEquals(300, image.getHeight());

    LineChart.render("nothing", "x", "y", Map.of(), png);
    assertEquals(LineChart.DEFAULT_WIDTH, ImageIO.read(png.toFile()).getWidth());
  }

  @Test
  public void manyXValuesGetRoundTicksAndLargeYValuesACompactLabel() throws Exception {
    List<double[]> points = new ArrayList<>();
    for (int i = 0; i <= 40; i++) {
      points.add(new double[] {i * 25_000, 1_000_000 + i * 30_000});
    }
    Path png = temp.getRoot().toPath().resolve("scaling.png");
    XYPlot plot = LineChart.chart("scaling", "rows", "rows/s", Map.of("ours-auto", points)).getXYPlot();
    NumberAxis x = (NumberAxis) plot.getDomainAxis();
    assertTrue("41 x values: automatic round ticks, not one per value", x.isAutoTickUnitSelection());
    assertEquals("2.2M", ((NumberAxis) plot.getRangeAxis()).getNumberFormatOverride().format(2_200_000));
    LineChart.render("scaling", "rows", "rows/s", Map.of("ours-auto", points), png);
    assertTrue(countPixels(ImageIO.read(png.toFile()), LineChart.seriesColor(0).getRGB() & 0xFFFFFF) > 200);
  }

  @Test
  public void sizesThatSpanDecadesRender() throws Exception {
    Map<String, List<double[]>> series = new LinkedHashMap<>();
    series.put("ours-auto", List.of(new double[] {1e4, 15_800}, new double[] {1e5, 31_200},
        new double[] {1e6, 33_900}));
    XYPlot plot = LineChart.chart("Run C", "rows", "rows/s", series).getXYPlot();
    assertTrue("log x axis", plot.getDomainAxis() instanceof LogAxis);
    assertEquals("rows (log scale)", plot.getDomainAxis().getLabel());
    Path png = temp.getRoot().toPath().resolve("decades.png");
    LineChart.render("Run C", "rows", "rows/s", series, png);
    assertTrue(countPixels(ImageIO.read(png.toFile()), LineChart.seriesColor(0).getRGB() & 0xFFFFFF) > 200);
  }

  @Test
  public void theChartHoldsEverySeriesInOrderOnAZeroBasedYAxisWithTicksOnTheSweep() {
    Map<String, List<double[]>> series = benchmarkLike();
    JFreeChart chart = LineChart.chart("Run A: 1 node(s), ONE, 200,000 rows", "locality L", "rows/s", series);

    assertEquals("Run A: 1 node(s), ONE, 200,000 rows", chart.getTitle().getText());
    XYPlot plot = chart.getXYPlot();
    assertEquals("locality L", plot.getDomainAxis().getLabel());
    assertEquals("rows/s", plot.getRangeAxis().getLabel());
    XYSeriesCollection data = dataset(chart);
    assertEquals(List.copyOf(series.keySet()), data.getSeries().stream().map(s -> ((XYSeries) s).getKey()).toList());
    int i = 0;
    for (List<double[]> points : series.values()) {
      assertEquals(points.size(), data.getItemCount(i));
      for (int j = 0; j < points.size(); j++) {
        assertEquals(points.get(j)[0], data.getXValue(i, j), 0);
        assertEquals(points.get(j)[1], data.getYValue(i, j), 0);
      }
      assertEquals(LineChart.seriesColor(i), plot.getRenderer().getSeriesPaint(i));
      i++;
    }
    assertEquals("y starts at 0", 0, plot.getRangeAxis().getLowerBound(), 0);
    assertTrue(plot.getRangeAxis().getUpperBound() >= 47_500);
    NumberAxis x = (NumberAxis) plot.getDomainAxis();
    assertEquals("a tick on every locality", 0.2, x.getTickUnit().getSize(), 0);
    assertEquals("0.6", x.getTickUnit().valueToString(0.6000000000000001));
    NumberAxis y = (NumberAxis) plot.getRangeAxis();
    assertEquals("25K", y.getNumberFormatOverride().format(25_000));
    assertEquals("2.5K", y.getNumberFormatOverride().format(2_500));
    assertEquals("750", y.getNumberFormatOverride().format(750));
  }

  @Test
  public void pointsAreJoinedInOrderOfX() {
    Map<String, List<double[]>> series = Map.of("unsorted", List.of(new double[] {0.8, 3}, new double[] {0, 1},
        new double[] {0.4, 2}));
    XYSeriesCollection data = dataset(LineChart.chart("t", "x", "y", series));
    assertEquals(0.0, data.getXValue(0, 0), 0);
    assertEquals(0.4, data.getXValue(0, 1), 0);
    assertEquals(0.8, data.getXValue(0, 2), 0);
  }

  private static XYSeriesCollection dataset(JFreeChart chart) {
    return (XYSeriesCollection) chart.getXYPlot().getDataset();
  }

  private static int countPixels(BufferedImage image, int rgb) {
    int count = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        if ((image.getRGB(x, y) & 0xFFFFFF) == rgb) {
          count++;
        }
      }
    }
    return count;
  }
}
