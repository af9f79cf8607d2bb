package dev.winnow.jobs.evaluation;

import dev.winnow.jobs.measure.BinaryMetrics;
import dev.winnow.jobs.measure.Confusion;
import dev.winnow.jobs.metrics.CategoryMetrics;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.Rectangle;
import java.awt.Shape;
import java.awt.Stroke;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYDataset;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The charts of a category (JFreeChart, rendered to images for reports and notebooks): from an
 * evaluation, its precision-recall curve and its score histogram split by label; from a score
 * run's metrics, its score histogram. Every axis spans scores or ratios, so all are [0, 1] wide.
 */
public final class Charts {

  static final int WIDTH = 560;
  static final int HEIGHT = 400;
  private static final Color POSITIVE = new Color(0xD6, 0x3A, 0x2F);
  private static final Color NEGATIVE = new Color(0x2F, 0x6D, 0xB5);
  private static final Color BEST = new Color(0x2E, 0x8B, 0x57);
  private static final Color GRID = new Color(0xE3, 0xE3, 0xE3);
  private static final Stroke DASHED =
      new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {5f, 4f}, 0f);

  static {
    // Drawing into an image needs no display; without this a server JVM may try to open one.
    System.setProperty("java.awt.headless", "true");
  }

  private Charts() {}

  /** Precision against recall over every threshold, with the threshold in use and the best F1 marked. */
  public static BufferedImage precisionRecall(CategoryEvaluation c) {
    return render(precisionRecallChart(c));
  }

  /** Share of each label's rows per score bin, side by side, with the threshold in use marked. */
  public static BufferedImage histogram(CategoryEvaluation c) {
    return render(histogramChart(c));
  }

  /**
   * Share of a score run's scored rows per score bin for one category (no labels: what the score
   * job's metrics hold), with its threshold marked.
   */
  public static BufferedImage histogram(CategoryMetrics m) {
    return render(histogramChart(m));
  }

  static JFreeChart precisionRecallChart(CategoryEvaluation c) {
    BinaryMetrics curve = c.curve();
    XYSeriesCollection data = new XYSeriesCollection();
    XYPlot plot = plot("recall", "precision", 1.0, data);
    if (curve.positives() == 0) {
      plot.setNoDataMessage("no positive labels: no curve");
      return chart(plot, "Precision-recall: " + c.name());
    }
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer();
    // Drawn from recall 0 at the first point's precision, so the curve spans the whole axis.
    XYSeries line = new XYSeries(String.format(Locale.ROOT, "curve (average precision %s)",
        number(c.averagePrecision())), false);
    line.add(0, curve.points().get(0).precision());
    curve.points().forEach(p -> line.add(p.recall(), p.precision()));
    add(data, renderer, line, NEGATIVE, new BasicStroke(2f), null);

    XYSeries inUse = new XYSeries(c.threshold() == null ? "flagged by any category"
        : String.format(Locale.ROOT, "threshold in use %.3f", c.threshold()), false);
    if (c.precision() != null && c.recall() != null) {
      inUse.add(c.recall(), c.precision());
    }
    add(data, renderer, inUse, POSITIVE, null, new Ellipse2D.Double(-5, -5, 10, 10));

    XYSeries best = new XYSeries(c.bestF1Threshold() == null ? "best F1: -"
        : String.format(Locale.ROOT, "best F1 %.3f at %.3f", c.bestF1(), c.bestF1Threshold()), false);
    if (c.bestF1Threshold() != null) {
      Confusion p = curve.points().stream().filter(q -> q.threshold() == c.bestF1Threshold()).findFirst().orElseThrow();
      best.add(p.recall(), p.precision());
    }
    add(data, renderer, best, BEST, null, new Rectangle(-4, -4, 9, 9));

    double prevalence = (double) curve.positives() / curve.size();
    XYSeries chance = new XYSeries(String.format(Locale.ROOT, "prevalence %.3f", prevalence), false);
    chance.add(0, prevalence);
    chance.add(1, prevalence);
    add(data, renderer, chance, Color.GRAY, DASHED, null);

    plot.setRenderer(renderer);
    return chart(plot, "Precision-recall: " + c.name());
  }

  static JFreeChart histogramChart(CategoryEvaluation c) {
    ScoreHistogram h = c.histogram();
    long pos = sum(h.positives());
    long neg = sum(h.negatives());
    double binWidth = 1.0 / ScoreHistogram.BINS;
    XYIntervalSeries negatives = new XYIntervalSeries("negative (n=" + neg + ")");
    XYIntervalSeries positives = new XYIntervalSeries("positive (n=" + pos + ")");
    double max = 0;
    for (int b = 0; b < ScoreHistogram.BINS; b++) {
      double left = b * binWidth;
      bar(negatives, left + binWidth * 0.08, left + binWidth * 0.5, share(h.negatives()[b], neg));
      bar(positives, left + binWidth * 0.5, left + binWidth * 0.92, share(h.positives()[b], pos));
      max = Math.max(max, Math.max(share(h.positives()[b], pos), share(h.negatives()[b], neg)));
    }
    return bars("Scores by label: " + c.name(), "share of rows of the label", max,
        pos + neg == 0 ? "no labeled, scored rows" : null,
        List.of(positives, negatives), List.of(POSITIVE, NEGATIVE), c.threshold(),
        c.threshold() == null ? null : String.format(Locale.ROOT, "threshold %.3f", c.threshold()));
  }

  static JFreeChart histogramChart(CategoryMetrics m) {
    long total = m.histogram().stream().mapToLong(Long::longValue).sum();
    double binWidth = 1.0 / m.histogram().size();
    XYIntervalSeries rows = new XYIntervalSeries("scored rows (n=" + total + ")");
    double max = 0;
    for (int b = 0; b < m.histogram().size(); b++) {
      double left = b * binWidth;
      bar(rows, left + binWidth * 0.1, left + binWidth * 0.9, share(m.histogram().get(b), total));
      max = Math.max(max, share(m.histogram().get(b), total));
    }
    return bars("Scores: " + m.name(), "share of scored rows", max, total == 0 ? "no scored rows" : null,
        List.of(rows), List.of(NEGATIVE), m.threshold(),
        String.format(Locale.ROOT, "threshold %.3f (%s flagged)", m.threshold(),
            m.flagRate() == null ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * m.flagRate())));
  }

  /** Bars over [0, 1] scores; the y axis rounded up to the next tenth of the tallest bar. */
  private static JFreeChart bars(String title, String yLabel, double max, String emptyMessage,
      List<XYIntervalSeries> series, List<Color> colors, Double threshold, String thresholdLabel) {
    XYIntervalSeriesCollection data = new XYIntervalSeriesCollection();
    XYPlot plot = plot("score", yLabel, max == 0 ? 1.0 : Math.min(1.0, Math.ceil(max * 10) / 10), data);
    if (emptyMessage != null) {
      plot.setNoDataMessage(emptyMessage);
      return chart(plot, title);
    }
    series.forEach(data::addSeries);
    XYBarRenderer renderer = new XYBarRenderer();
    renderer.setBarPainter(new StandardXYBarPainter());
    renderer.setShadowVisible(false);
    renderer.setDrawBarOutline(false);
    for (int i = 0; i < colors.size(); i++) {
      renderer.setSeriesPaint(i, colors.get(i));
    }
    plot.setRenderer(renderer);
    if (threshold != null) {
      ValueMarker marker = new ValueMarker(threshold, Color.BLACK, DASHED);
      marker.setLabel(thresholdLabel);
      marker.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
      marker.setLabelBackgroundColor(Color.WHITE);
      marker.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
      marker.setLabelTextAnchor(TextAnchor.TOP_LEFT);
      plot.addDomainMarker(marker);
    }
    return chart(plot, title);
  }

  private static void bar(XYIntervalSeries series, double from, double to, double height) {
    if (height > 0) {
      series.add((from + to) / 2, from, to, height, 0, height);
    }
  }

  private static void add(XYSeriesCollection data, XYLineAndShapeRenderer renderer, XYSeries series, Paint paint,
      Stroke line, Shape point) {
    int i = data.getSeriesCount();
    data.addSeries(series);
    renderer.setSeriesPaint(i, paint);
    renderer.setSeriesLinesVisible(i, line != null);
    if (line != null) {
      renderer.setSeriesStroke(i, line);
    }
    renderer.setSeriesShapesVisible(i, point != null);
    if (point != null) {
      renderer.setSeriesShape(i, point);
    }
  }

  /** A white, gridded [0, 1] x [0, yMax] plot. */
  private static XYPlot plot(String xLabel, String yLabel, double yMax, XYDataset data) {
    NumberAxis x = new NumberAxis(xLabel);
    x.setRange(0, 1);
    NumberAxis y = new NumberAxis(yLabel);
    y.setRange(0, yMax);
    XYPlot plot = new XYPlot(data, x, y, null);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(GRID);
    plot.setRangeGridlinePaint(GRID);
    plot.setOutlinePaint(Color.BLACK);
    return plot;
  }

  private static JFreeChart chart(XYPlot plot, String title) {
    JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 15), plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    LegendTitle legend = chart.getLegend();
    legend.setPosition(RectangleEdge.BOTTOM);
    legend.setFrame(BlockBorder.NONE);
    return chart;
  }

  private static BufferedImage render(JFreeChart chart) {
    return chart.createBufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB, null);
  }

  private static long sum(long[] values) {
    long s = 0;
    for (long v : values) {
      s += v;
    }
    return s;
  }

  private static double share(long part, long whole) {
    return whole == 0 ? 0 : (double) part / whole;
  }

  private static String number(Double v) {
    return v == null ? "-" : String.format(Locale.ROOT, "%.3f", v);
  }
}
