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
    LineChart.render("scaling", "rows", "rows/s", Map.of("ours-auto", points), png);
    assertTrue(countPixels(ImageIO.read(png.toFile()), LineChart.seriesColor(0).getRGB() & 0xFFFFFF) > 200);
  }

  @Test
  public void sizesThatSpanDecadesRender() throws Exception {
    Map<String, List<double[]>> series = new LinkedHashMap<>();
    series.put("ours-auto", List.of(new double[] {1e4, 15_800}, new double[] {1e5, 31_200},
        new double[] {1e6, 33_900}));
    Path png = temp.getRoot().toPath().resolve("decades.png");
    LineChart.render("Run C", "rows", "rows/s", series, png);
    assertTrue(countPixels(ImageIO.read(png.toFile()), LineChart.seriesColor(0).getRGB() & 0xFFFFFF) > 200);
  }

  @Test
  public void tickLabels() {
    assertEquals(5000.0, LineChart.niceStep(4100), 0);
    assertEquals(2.5, LineChart.niceStep(2.2), 0);
    assertEquals(0.2, LineChart.niceStep(0.15), 1e-12);
    assertEquals("0.6", LineChart.plain(0.6000000000000001, 0.2));
    assertEquals("25k", LineChart.compact(25_000, 5_000));
    assertEquals("2.5k", LineChart.compact(2_500, 2_500));
    assertEquals("1.2M", LineChart.compact(1_200_000, 200_000));
    assertEquals("0", LineChart.compact(0, 5_000));
    assertEquals("750", LineChart.compact(750, 250));
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
