package io.cassandraio.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import javax.imageio.ImageIO;

/**
 * A plain line chart as a PNG, drawn with Java2D into an off-screen image: no window, no
 * dependency, safe with {@code -Djava.awt.headless=true}. Used by the benchmark harness for
 * "rows/s against locality, one line per contender".
 *
 * <p>The y axis always starts at 0, so lines can be compared by height. When the series share at
 * most {@value #MAX_CATEGORY_TICKS} distinct x values (a sweep such as L = 0, 0.2 ... 0.8), those
 * values are the x ticks (on a log scale when they are positive and span a factor of 100 or more,
 * such as 10^4, 10^5, 10^6 rows); otherwise the x ticks are evenly spaced round numbers. Each series gets
 * its own color and marker, in the map's iteration order (pass a {@link java.util.LinkedHashMap}
 * to fix the legend's order); series {@code i} is drawn in {@link #seriesColor(int)}.
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
  private static final Color TEXT = new Color(0x222222);
  private static final Color MUTED_TEXT = new Color(0x555555);
  private static final Color AXIS = new Color(0x444444);
  private static final Color GRID = new Color(0xE3E3E3);
  private static final Color LEGEND_BORDER = new Color(0xCCCCCC);

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
   * @param seriesByName series name to its points, each {@code {x, y}}; points with a NaN or
   *     infinite coordinate are skipped, the rest are joined in order of x
   */
  public static void render(String title, String xLabel, String yLabel,
      Map<String, List<double[]>> seriesByName, Path pngFile, int width, int height) {
    BufferedImage image = draw(title, xLabel, yLabel, seriesByName, width, height);
    try {
      Path parent = pngFile.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      if (!ImageIO.write(image, "png", pngFile.toFile())) {
        throw new IOException("no PNG writer in this JDK");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write chart " + pngFile, e);
    }
  }

  /** Draws the chart into an image (what {@link #render} writes). */
  public static BufferedImage draw(String title, String xLabel, String yLabel,
      Map<String, List<double[]>> seriesByName, int width, int height) {
    if (width < 300 || height < 200) {
      throw new IllegalArgumentException("a chart needs at least 300x200 pixels, got " + width + "x" + height);
    }
    List<Series> series = new ArrayList<>();
    int index = 0;
    for (Map.Entry<String, List<double[]>> e : seriesByName.entrySet()) {
      series.add(Series.of(e.getKey(), e.getValue(), index++));
    }

    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      new Layout(g, title, xLabel, yLabel, series, width, height).paint();
    } finally {
      g.dispose();
    }
    return image;
  }

  /** One named series, its points sorted by x. */
  private record Series(String name, List<double[]> points, Color color, int marker) {
    static Series of(String name, List<double[]> raw, int index) {
      List<double[]> points = new ArrayList<>();
      if (raw != null) {
        for (double[] p : raw) {
          if (p != null && p.length >= 2 && Double.isFinite(p[0]) && Double.isFinite(p[1])) {
            points.add(new double[] {p[0], p[1]});
          }
        }
      }
      points.sort(Comparator.comparingDouble(p -> p[0]));
      return new Series(name == null ? "" : name, points, seriesColor(index), index);
    }
  }

  /** Computes the plot area and scales, then paints everything. */
  private static final class Layout {
    private static final int MARGIN = 24;
    private static final int TICK = 5;
    private static final int MARKER = 9;

    private final Graphics2D g;
    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Series> series;
    private final int width;
    private final int height;
    private final Font titleFont;
    private final Font labelFont;
    private final Font tickFont;
    private final Font legendFont;

    private double[] xTicks;
    private double xMin;
    private double xMax;
    private double[] yTicks;
    private double yMax;
    private double yStep;
    private double xStep;
    private boolean xCategories;
    private boolean xLog;
    private int left;
    private int top;
    private int right;
    private int bottom;

    Layout(Graphics2D g, String title, String xLabel, String yLabel, List<Series> series,
        int width, int height) {
      this.g = g;
      this.title = title == null ? "" : title;
      this.xLabel = xLabel == null ? "" : xLabel;
      this.yLabel = yLabel == null ? "" : yLabel;
      this.series = series;
      this.width = width;
      this.height = height;
      float scale = Math.min(width / 1000f, height / 600f);
      float base = Math.max(0.8f, scale);
      this.titleFont = new Font(Font.SANS_SERIF, Font.BOLD, Math.round(20 * base));
      this.labelFont = new Font(Font.SANS_SERIF, Font.PLAIN, Math.round(14 * base));
      this.tickFont = new Font(Font.SANS_SERIF, Font.PLAIN, Math.round(12 * base));
      this.legendFont = new Font(Font.SANS_SERIF, Font.PLAIN, Math.round(13 * base));
    }

    void paint() {
      scales();
      layout();
      paintTitle();
      paintGridAndTicks();
      paintSeries();
      paintAxes();
      paintAxisLabels();
      paintLegend();
    }

    private void scales() {
      TreeSet<Double> xs = new TreeSet<>();
      double dataYMax = 0;
      for (Series s : series) {
        for (double[] p : s.points()) {
          xs.add(p[0]);
          dataYMax = Math.max(dataYMax, p[1]);
        }
      }
      if (xs.isEmpty()) {
        xs.add(0.0);
        xs.add(1.0);
      }
      double lo = xs.first();
      double hi = xs.last();
      xCategories = xs.size() <= MAX_CATEGORY_TICKS && xs.size() >= 2;
      if (xCategories) {
        xTicks = xs.stream().mapToDouble(Double::doubleValue).toArray();
        xStep = smallestGap(xTicks);
        // Sizes such as 10^4, 10^5, 10^6 would crowd at the left on a linear axis.
        xLog = lo > 0 && hi / lo >= 100;
        // A little air on each side keeps the end markers off the axes.
        double pad = (xPos(hi) - xPos(lo)) * 0.04;
        xMin = xPos(lo) - pad;
        xMax = xPos(hi) + pad;
      } else {
        if (hi == lo) {
          double pad = lo == 0 ? 1 : Math.abs(lo) * 0.5;
          lo -= pad;
          hi += pad;
        }
        xStep = niceStep((hi - lo) / 8);
        xMin = Math.floor(lo / xStep) * xStep;
        xMax = Math.ceil(hi / xStep) * xStep;
        xTicks = ticks(xMin, xMax, xStep);
      }
      // y from 0 to a round number a little above the highest point.
      if (dataYMax <= 0) {
        dataYMax = 1;
      }
      yStep = niceStep(dataYMax * 1.05 / 6);
      yMax = Math.ceil(dataYMax * 1.05 / yStep) * yStep;
      yTicks = ticks(0, yMax, yStep);
    }

    private void layout() {
      FontMetrics tick = g.getFontMetrics(tickFont);
      FontMetrics label = g.getFontMetrics(labelFont);
      FontMetrics titleMetrics = g.getFontMetrics(titleFont);
      int yTickWidth = 0;
      for (double y : yTicks) {
        yTickWidth = Math.max(yTickWidth, tick.stringWidth(formatY(y)));
      }
      left = MARGIN + (yLabel.isEmpty() ? 0 : label.getHeight() + 10) + yTickWidth + TICK + 6;
      top = MARGIN + (title.isEmpty() ? 0 : titleMetrics.getHeight() + 12);
      right = width - MARGIN - legendWidth();
      bottom = height - MARGIN - (xLabel.isEmpty() ? 0 : label.getHeight() + 6) - tick.getHeight() - TICK - 6;
    }

    private int legendWidth() {
      if (series.isEmpty()) {
        return 0;
      }
      FontMetrics fm = g.getFontMetrics(legendFont);
      int text = 0;
      for (Series s : series) {
        text = Math.max(text, fm.stringWidth(s.name()));
      }
      int maxLegend = width / 3;
      return Math.min(maxLegend, 16 + 30 + 8 + text + 16) + 20;
    }

    /** x on the axis' own scale: log10 on a log axis (xMin and xMax are on this scale). */
    private double xPos(double x) {
      return xLog ? Math.log10(x) : x;
    }

    private double px(double x) {
      return left + (xPos(x) - xMin) / (xMax - xMin) * (right - left);
    }

    private double py(double y) {
      return bottom - y / yMax * (bottom - top);
    }

    private void paintTitle() {
      if (title.isEmpty()) {
        return;
      }
      g.setFont(titleFont);
      g.setColor(TEXT);
      FontMetrics fm = g.getFontMetrics();
      int x = left + ((right - left) - fm.stringWidth(title)) / 2;
      g.drawString(title, Math.max(MARGIN, x), MARGIN + fm.getAscent());
    }

    private void paintGridAndTicks() {
      g.setFont(tickFont);
      FontMetrics fm = g.getFontMetrics();
      g.setStroke(new BasicStroke(1f));
      for (double y : yTicks) {
        int yy = (int) Math.round(py(y));
        if (y > 0) {
          g.setColor(GRID);
          g.drawLine(left + 1, yy, right, yy);
        }
        g.setColor(AXIS);
        g.drawLine(left - TICK, yy, left, yy);
        String text = formatY(y);
        g.setColor(MUTED_TEXT);
        g.drawString(text, left - TICK - 6 - fm.stringWidth(text), yy + fm.getAscent() / 2 - 1);
      }
      int lastLabelEnd = Integer.MIN_VALUE;
      for (double x : xTicks) {
        int xx = (int) Math.round(px(x));
        g.setColor(GRID);
        g.drawLine(xx, top, xx, bottom - 1);
        g.setColor(AXIS);
        g.drawLine(xx, bottom, xx, bottom + TICK);
        String text = formatX(x);
        int textX = xx - fm.stringWidth(text) / 2;
        if (textX > lastLabelEnd + 6) { // crowded category ticks: keep the tick, skip the label
          g.setColor(MUTED_TEXT);
          g.drawString(text, textX, bottom + TICK + 4 + fm.getAscent());
          lastLabelEnd = textX + fm.stringWidth(text);
        }
      }
    }

    private void paintSeries() {
      Shape clip = g.getClip();
      // Markers may overhang the plot area a little, never the labels.
      g.clip(new Rectangle2D.Double(left - MARKER, top - MARKER, right - left + 2 * MARKER,
          bottom - top + 2 * MARKER));
      BasicStroke line = new BasicStroke(2.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
      for (Series s : series) {
        g.setColor(s.color());
        g.setStroke(line);
        Path2D path = new Path2D.Double();
        boolean first = true;
        for (double[] p : s.points()) {
          if (first) {
            path.moveTo(px(p[0]), py(p[1]));
            first = false;
          } else {
            path.lineTo(px(p[0]), py(p[1]));
          }
        }
        g.draw(path);
        for (double[] p : s.points()) {
          paintMarker(s.marker(), s.color(), px(p[0]), py(p[1]));
        }
      }
      g.setClip(clip);
    }

    private void paintMarker(int kind, Color color, double cx, double cy) {
      Shape shape = marker(kind, cx, cy, MARKER);
      g.setColor(color);
      g.fill(shape);
      // A thin white outline separates overlapping markers of different series.
      g.setColor(Color.WHITE);
      g.setStroke(new BasicStroke(1.2f));
      g.draw(shape);
    }

    private void paintAxes() {
      g.setColor(AXIS);
      g.setStroke(new BasicStroke(1.2f));
      g.draw(new Line2D.Double(left, top, left, bottom));
      g.draw(new Line2D.Double(left, bottom, right, bottom));
    }

    private void paintAxisLabels() {
      g.setFont(labelFont);
      g.setColor(TEXT);
      FontMetrics fm = g.getFontMetrics();
      if (!xLabel.isEmpty()) {
        String text = xLog ? xLabel + " (log scale)" : xLabel;
        int x = left + ((right - left) - fm.stringWidth(text)) / 2;
        g.drawString(text, x, height - MARGIN - fm.getDescent());
      }
      if (!yLabel.isEmpty()) {
        AffineTransform saved = g.getTransform();
        int cx = MARGIN + fm.getAscent();
        int cy = top + (bottom - top) / 2;
        g.rotate(-Math.PI / 2, cx, cy);
        g.drawString(yLabel, cx - fm.stringWidth(yLabel) / 2, cy);
        g.setTransform(saved);
      }
    }

    private void paintLegend() {
      if (series.isEmpty()) {
        return;
      }
      g.setFont(legendFont);
      FontMetrics fm = g.getFontMetrics();
      int rowHeight = Math.max(fm.getHeight(), MARKER + 4) + 8;
      int boxX = right + 20;
      int boxWidth = width - MARGIN - boxX;
      int boxHeight = series.size() * rowHeight + 16;
      int boxY = top;
      g.setColor(Color.WHITE);
      g.fillRect(boxX, boxY, boxWidth, boxHeight);
      g.setColor(LEGEND_BORDER);
      g.setStroke(new BasicStroke(1f));
      g.drawRect(boxX, boxY, boxWidth, boxHeight);
      int textRoom = boxWidth - (16 + 30 + 8) - 8;
      for (int i = 0; i < series.size(); i++) {
        Series s = series.get(i);
        int cy = boxY + 8 + i * rowHeight + rowHeight / 2;
        int x0 = boxX + 16;
        g.setColor(s.color());
        g.setStroke(new BasicStroke(2.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(new Line2D.Double(x0, cy, x0 + 30, cy));
        paintMarker(s.marker(), s.color(), x0 + 15, cy);
        g.setColor(TEXT);
        g.setFont(legendFont);
        g.drawString(ellipsize(s.name(), fm, textRoom), x0 + 30 + 8, cy + fm.getAscent() / 2 - 1);
      }
    }

    private String formatX(double x) {
      // On a log axis each tick is a data value: show it with the decimals it needs.
      return plain(x, xLog ? x : xStep);
    }

    private String formatY(double y) {
      return compact(y, yStep);
    }
  }

  /** Marker shapes: circle, square, triangle up, diamond, triangle down, pentagon, star, hexagon. */
  static Shape marker(int kind, double cx, double cy, double size) {
    double r = size / 2;
    return switch (kind % 8) {
      case 0 -> new Ellipse2D.Double(cx - r, cy - r, size, size);
      case 1 -> new Rectangle2D.Double(cx - r * 0.9, cy - r * 0.9, size * 0.9, size * 0.9);
      case 2 -> polygon(cx, cy + r * 0.15, r * 1.2, 3, -Math.PI / 2);
      case 3 -> polygon(cx, cy, r * 1.25, 4, -Math.PI / 2);
      case 4 -> polygon(cx, cy - r * 0.15, r * 1.2, 3, Math.PI / 2);
      case 5 -> polygon(cx, cy, r * 1.1, 5, -Math.PI / 2);
      case 6 -> star(cx, cy, r * 1.45, r * 0.65);
      default -> polygon(cx, cy, r * 1.05, 6, 0);
    };
  }

  private static Shape polygon(double cx, double cy, double r, int sides, double start) {
    Path2D p = new Path2D.Double();
    for (int i = 0; i < sides; i++) {
      double a = start + i * 2 * Math.PI / sides;
      if (i == 0) {
        p.moveTo(cx + r * Math.cos(a), cy + r * Math.sin(a));
      } else {
        p.lineTo(cx + r * Math.cos(a), cy + r * Math.sin(a));
      }
    }
    p.closePath();
    return p;
  }

  private static Shape star(double cx, double cy, double outer, double inner) {
    Path2D p = new Path2D.Double();
    for (int i = 0; i < 10; i++) {
      double r = i % 2 == 0 ? outer : inner;
      double a = -Math.PI / 2 + i * Math.PI / 5;
      if (i == 0) {
        p.moveTo(cx + r * Math.cos(a), cy + r * Math.sin(a));
      } else {
        p.lineTo(cx + r * Math.cos(a), cy + r * Math.sin(a));
      }
    }
    p.closePath();
    return p;
  }

  /** 1, 2, 2.5 or 5 times a power of ten, at least {@code raw}. */
  static double niceStep(double raw) {
    if (!(raw > 0) || !Double.isFinite(raw)) {
      return 1;
    }
    double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
    double fraction = raw / magnitude;
    double nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10;
    return nice * magnitude;
  }

  private static double[] ticks(double from, double to, double step) {
    int n = (int) Math.round((to - from) / step);
    double[] t = new double[n + 1];
    for (int i = 0; i <= n; i++) {
      t[i] = from + i * step;
    }
    return t;
  }

  private static double smallestGap(double[] sorted) {
    double gap = Double.MAX_VALUE;
    for (int i = 1; i < sorted.length; i++) {
      gap = Math.min(gap, sorted[i] - sorted[i - 1]);
    }
    return gap == Double.MAX_VALUE || gap <= 0 ? 1 : gap;
  }

  /** A tick value with as many decimals as its step needs: 0.2 not 0.20000000000000004. */
  static String plain(double v, double step) {
    int decimals = decimalsFor(step);
    if (Math.abs(v) < step * 1e-9) {
      v = 0;
    }
    return String.format(Locale.ROOT, "%,." + decimals + "f", v);
  }

  /** Large values as 25k or 1.5M (enough decimals for the step), small ones plainly. */
  static String compact(double v, double step) {
    if (Math.abs(v) < step * 1e-9) {
      return "0";
    }
    if (step >= 1_000_000 || (step >= 100_000 && Math.abs(v) >= 1_000_000)) {
      return trim(String.format(Locale.ROOT, "%." + decimalsFor(step / 1e6) + "f", v / 1e6)) + "M";
    }
    if (step >= 1_000 || (step >= 100 && Math.abs(v) >= 10_000)) {
      return trim(String.format(Locale.ROOT, "%." + decimalsFor(step / 1e3) + "f", v / 1e3)) + "k";
    }
    return plain(v, step);
  }

  private static String trim(String s) {
    return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
  }

  private static int decimalsFor(double step) {
    for (int d = 0; d < 6; d++) {
      double scaled = step * Math.pow(10, d);
      if (Math.abs(scaled - Math.rint(scaled)) < 1e-6 * Math.max(1, scaled)) {
        return d;
      }
    }
    return 6;
  }

  private static String ellipsize(String text, FontMetrics fm, int room) {
    if (fm.stringWidth(text) <= room) {
      return text;
    }
    String dots = "\u2026";
    int end = text.length();
    while (end > 0 && fm.stringWidth(text.substring(0, end) + dots) > room) {
      end--;
    }
    return text.substring(0, end) + dots;
  }
}
