package io.cassandraio.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Shape;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.NumberFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.DefaultDrawingSupplier;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A plain line chart as a PNG, drawn by JFreeChart into an off-screen image (safe with
 * {@code -Djava.awt.headless=true}). Used by the benchmark harness for "rows/s against locality,
 * one line per contender".
 *
 * <p>The y axis always starts at 0, so lines can be compared by height, and shows large values
 * compactly (25K, 1.2M). When the series share at most {@value #MAX_CATEGORY_TICKS} steps of their
 * smallest x gap (a sweep such as L = 0, 0.2 ... 0.8), that gap is the x tick unit, so the ticks
 * fall on the data; the x axis is logarithmic when the x values are positive and span a factor of
 * 100 or more (such as 10^4, 10^5, 10^6 rows). Each series gets its own color and marker, in the
 * map's iteration order (pass a {@link java.util.LinkedHashMap} to fix the legend's order);
 * series {@code i} is drawn in {@link #seriesColor(int)}. Points with a NaN or infinite
 * coordinate are skipped; the rest are joined in order of x.
 */
public final class LineChart {
  public static final int DEFAULT_WIDTH = 1000;
  public static final int DEFAULT_HEIGHT = 600;
  static final int MAX_CATEGORY_TICKS = 12;

  /** Tableau 10: distinct, print-safe, and mostly distinguishable with color-vision deficiency. */
  private static final Color[] PALETTE = {
    new Color(0x1F77B4), new Color(0xFF7F0E), new Color(0x2CA02C), new Color(0xD62728),
    new Color(0x9467BD), new Color(0x8C564B), new Color(0xE377C2), new Color(0x7F7F7F),
    new Color(0xBCBD22), new Color(0x17BECF),
  };
  private static final Color GRID = new Color(0xE3E3E3);
  private static final BasicStroke LINE = new BasicStroke(2.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);

  private LineChart() {}

  /** The color of the series at {@code index} (0-based, in the map's iteration order). */
  public static Color seriesColor(int index) {
    return PALETTE[index % PALETTE.length];
  }

  /** Renders a {@value #DEFAULT_WIDTH}x{@value #DEFAULT_HEIGHT} chart. */
  public static void render(String title, String xLabel, String yLabel,
      Map<String, List<double[]>> seriesByName, Path pngFile) {
    render(title, xLabel, yLabel, seriesByName, pngFile, DEFAULT_WIDTH, DEFAULT_HEIGHT);
  }

  /**
   * Renders the chart to {@code pngFile}, creating its parent directories.
   *
   * @param seriesByName series name to its points, each {@code {x, y}}
   */
  public static void render(String title, String xLabel, String yLabel,
      Map<String, List<double[]>> seriesByName, Path pngFile, int width, int height) {
    JFreeChart chart = chart(title, xLabel, yLabel, seriesByName);
    try {
      Path parent = pngFile.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      ChartUtils.saveChartAsPNG(pngFile.toFile(), chart, width, height);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write chart " + pngFile, e);
    }
  }

  /** Draws the chart into an image (what {@link #render} writes). */
  public static BufferedImage draw(String title, String xLabel, String yLabel,
      Map<String, List<double[]>> seriesByName, int width, int height) {
    return chart(title, xLabel, yLabel, seriesByName).createBufferedImage(width, height);
  }

  /** The chart: one {@link XYSeries} per map entry, in the map's order. */
  static JFreeChart chart(String title, String xLabel, String yLabel, Map<String, List<double[]>> seriesByName) {
    XYSeriesCollection data = new XYSeriesCollection();
    TreeSet<Double> xs = new TreeSet<>();
    seriesByName.forEach((name, points) -> {
      XYSeries series = new XYSeries(name == null ? "" : name, true, true); // sorted by x
      for (double[] p : points == null ? List.<double[]>of() : points) {
        if (p != null && p.length >= 2 && Double.isFinite(p[0]) && Double.isFinite(p[1])) {
          series.add(p[0], p[1]);
          xs.add(p[0]);
        }
      }
      data.addSeries(series);
    });
    String x = xLabel == null ? "" : xLabel;
    JFreeChart chart = ChartFactory.createXYLineChart(title == null ? "" : title, x, yLabel == null ? "" : yLabel,
        data, PlotOrientation.VERTICAL, true, false, false);
    chart.setBackgroundPaint(Color.WHITE);
    chart.getLegend().setPosition(RectangleEdge.RIGHT);
    chart.getLegend().setMargin(new RectangleInsets(0, 12, 0, 16));
    XYPlot plot = chart.getXYPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(GRID);
    plot.setRangeGridlinePaint(GRID);
    plot.setDomainGridlineStroke(new BasicStroke(1f));
    plot.setRangeGridlineStroke(new BasicStroke(1f));

    boolean log = xs.size() >= 2 && xs.first() > 0 && xs.last() / xs.first() >= 100;
    if (log) {
      // Sizes such as 10^4, 10^5, 10^6 would crowd at the left on a linear axis.
      LogAxis axis = new LogAxis(x.isEmpty() ? "" : x + " (log scale)");
      axis.setNumberFormatOverride(NumberFormat.getNumberInstance(Locale.ROOT));
      plot.setDomainAxis(axis);
    } else {
      NumberAxis axis = (NumberAxis) plot.getDomainAxis();
      axis.setAutoRangeIncludesZero(false);
      axis.setAutoRangeStickyZero(false);
      // A little air on each side keeps the end markers off the axes.
      axis.setLowerMargin(0.04);
      axis.setUpperMargin(0.04);
      Double gap = smallestGap(xs);
      if (gap != null && (xs.last() - xs.first()) / gap <= MAX_CATEGORY_TICKS) {
        axis.setTickUnit(new NumberTickUnit(gap, NumberFormat.getNumberInstance(Locale.ROOT)));
      }
    }
    NumberAxis y = (NumberAxis) plot.getRangeAxis();
    y.setAutoRangeIncludesZero(true);
    NumberFormat compact = NumberFormat.getCompactNumberInstance(Locale.ROOT, NumberFormat.Style.SHORT);
    compact.setMaximumFractionDigits(1);
    y.setNumberFormatOverride(compact);
    // JFreeChart picks the finest tick unit whose labels do not touch; room around each label
    // keeps it to about eight gridlines, as on the hand-drawn charts before.
    y.setTickLabelInsets(new RectangleInsets(14, 4, 14, 4));

    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
    Shape[] shapes = DefaultDrawingSupplier.createStandardSeriesShapes();
    for (int i = 0; i < data.getSeriesCount(); i++) {
      renderer.setSeriesPaint(i, seriesColor(i));
      renderer.setSeriesStroke(i, LINE);
      renderer.setSeriesShape(i, shapes[i % shapes.length]);
    }
    plot.setRenderer(renderer);
    return chart;
  }

  /** The smallest distance between two x values, to 10 significant digits (0.2, not 0.19999999999999996). */
  private static Double smallestGap(TreeSet<Double> xs) {
    Double previous = null;
    double gap = Double.MAX_VALUE;
    for (double x : xs) {
      if (previous != null) {
        gap = Math.min(gap, x - previous);
      }
      previous = x;
    }
    return gap == Double.MAX_VALUE ? null : new BigDecimal(gap).round(new MathContext(10)).doubleValue();
  }
}
