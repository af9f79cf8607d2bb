package dev.winnow.jobs.evaluation;

import dev.winnow.jobs.measure.BinaryMetrics;
import dev.winnow.jobs.metrics.CategoryMetrics;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.Locale;

/**
 * The charts of a category, drawn with Java2D so reports and notebooks need no plotting library:
 * from an evaluation, its precision-recall curve and its score histogram split by label; from a
 * score run's metrics, its score histogram.
 */
public final class Charts {

  static final int WIDTH = 560;
  static final int HEIGHT = 400;
  private static final int LEFT = 64;
  private static final int RIGHT = 20;
  private static final int TOP = 40;
  private static final int BOTTOM = 56;
  private static final Color POSITIVE = new Color(0xD6, 0x3A, 0x2F);
  private static final Color NEGATIVE = new Color(0x2F, 0x6D, 0xB5);
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
    Plot plot = new Plot("Precision-recall: " + c.name(), "recall", "precision", 1.0);
    BinaryMetrics curve = c.curve();
    if (curve.positives() == 0) {
      plot.message("no positive labels: no curve");
      return plot.done();
    }
    double prevalence = (double) curve.positives() / (curve.positives() + curve.negatives());
    plot.g.setColor(Color.GRAY);
    plot.g.setStroke(DASHED);
    plot.g.drawLine(plot.x(0), plot.y(prevalence), plot.x(1), plot.y(prevalence));

    Path2D line = new Path2D.Double();
    var first = curve.points().get(0);
    line.moveTo(plot.x(0), plot.y(first.precision()));
    for (var p : curve.points()) {
      line.lineTo(plot.x(p.recall()), plot.y(p.precision()));
    }
    plot.g.setColor(NEGATIVE);
    plot.g.setStroke(new BasicStroke(2f));
    plot.g.draw(line);

    if (c.precision() != null && c.recall() != null) {
      plot.g.setColor(POSITIVE);
      plot.g.fill(new Ellipse2D.Double(plot.x(c.recall()) - 5, plot.y(c.precision()) - 5, 10, 10));
    }
    Color best = new Color(0x2E, 0x8B, 0x57);
    if (c.bestF1Threshold() != null) {
      var p = curve.points().stream().filter(q -> q.threshold() == c.bestF1Threshold()).findFirst().orElseThrow();
      plot.g.setColor(best);
      plot.g.fillRect(plot.x(p.recall()) - 4, plot.y(p.precision()) - 4, 9, 9);
    }
    plot.legend(new String[] {
        String.format(Locale.ROOT, "curve (average precision %s)", number(c.averagePrecision())),
        c.threshold() == null ? "flagged by any category" : String.format(Locale.ROOT, "threshold in use %.3f", c.threshold()),
        c.bestF1Threshold() == null ? "best F1: -"
            : String.format(Locale.ROOT, "best F1 %.3f at %.3f", c.bestF1(), c.bestF1Threshold()),
        String.format(Locale.ROOT, "prevalence %.3f", prevalence)},
        new Color[] {NEGATIVE, POSITIVE, best, Color.GRAY}, false);
    return plot.done();
  }

  /** Share of each label's rows per score bin, side by side, with the threshold in use marked. */
  public static BufferedImage histogram(CategoryEvaluation c) {
    ScoreHistogram h = c.histogram();
    long pos = sum(h.positives());
    long neg = sum(h.negatives());
    double max = 0;
    for (int b = 0; b < ScoreHistogram.BINS; b++) {
      max = Math.max(max, Math.max(share(h.positives()[b], pos), share(h.negatives()[b], neg)));
    }
    Plot plot = new Plot("Scores by label: " + c.name(), "score", "share of rows of the label",
        max == 0 ? 1.0 : Math.min(1.0, Math.ceil(max * 10) / 10));
    if (pos + neg == 0) {
      plot.message("no labeled, scored rows");
      return plot.done();
    }
    double binWidth = 1.0 / ScoreHistogram.BINS;
    for (int b = 0; b < ScoreHistogram.BINS; b++) {
      double left = b * binWidth;
      bar(plot, left + binWidth * 0.08, left + binWidth * 0.5, share(h.negatives()[b], neg), NEGATIVE);
      bar(plot, left + binWidth * 0.5, left + binWidth * 0.92, share(h.positives()[b], pos), POSITIVE);
    }
    if (c.threshold() != null) {
      plot.g.setColor(Color.BLACK);
      plot.g.setStroke(DASHED);
      plot.g.drawLine(plot.x(c.threshold()), plot.y(0), plot.x(c.threshold()), plot.y(plot.yMax));
    }
    plot.legend(new String[] {
        "positive (n=" + pos + ")",
        "negative (n=" + neg + ")",
        c.threshold() == null ? "" : String.format(Locale.ROOT, "threshold %.3f", c.threshold())},
        new Color[] {POSITIVE, NEGATIVE, c.threshold() == null ? Color.WHITE : Color.BLACK}, true);
    return plot.done();
  }

  /**
   * Share of a score run's scored rows per score bin for one category (no labels: what the score
   * job's metrics hold), with its threshold marked.
   */
  public static BufferedImage histogram(CategoryMetrics m) {
    long total = m.histogram().stream().mapToLong(Long::longValue).sum();
    double max = 0;
    for (long count : m.histogram()) {
      max = Math.max(max, share(count, total));
    }
    Plot plot = new Plot("Scores: " + m.name(), "score", "share of scored rows",
        max == 0 ? 1.0 : Math.min(1.0, Math.ceil(max * 10) / 10));
    if (total == 0) {
      plot.message("no scored rows");
      return plot.done();
    }
    double binWidth = 1.0 / m.histogram().size();
    for (int b = 0; b < m.histogram().size(); b++) {
      double left = b * binWidth;
      bar(plot, left + binWidth * 0.1, left + binWidth * 0.9, share(m.histogram().get(b), total), NEGATIVE);
    }
    plot.g.setColor(Color.BLACK);
    plot.g.setStroke(DASHED);
    plot.g.drawLine(plot.x(m.threshold()), plot.y(0), plot.x(m.threshold()), plot.y(plot.yMax));
    plot.legend(new String[] {
        "scored rows (n=" + total + ")",
        String.format(Locale.ROOT, "threshold %.3f (%s flagged)", m.threshold(),
            m.flagRate() == null ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * m.flagRate()))},
        new Color[] {NEGATIVE, Color.BLACK}, true);
    return plot.done();
  }

  private static void bar(Plot plot, double from, double to, double height, Color color) {
    if (height <= 0) {
      return;
    }
    plot.g.setColor(color);
    int top = plot.y(height);
    plot.g.fillRect(plot.x(from), top, Math.max(1, plot.x(to) - plot.x(from)), plot.y(0) - top);
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

  /** A white canvas with a titled, gridded [0, 1] x [0, yMax] plot area. */
  private static final class Plot {
    final BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    final Graphics2D g = image.createGraphics();
    final double yMax;

    Plot(String title, String xLabel, String yLabel, double yMax) {
      this.yMax = yMax;
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, WIDTH, HEIGHT);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      FontMetrics fm = g.getFontMetrics();
      for (int i = 0; i <= 5; i++) {
        double fx = i / 5.0;
        double fy = yMax * i / 5.0;
        g.setColor(GRID);
        g.drawLine(x(fx), y(0), x(fx), y(yMax));
        g.drawLine(x(0), y(fy), x(1), y(fy));
        g.setColor(Color.DARK_GRAY);
        String xt = String.format(Locale.ROOT, "%.1f", fx);
        g.drawString(xt, x(fx) - fm.stringWidth(xt) / 2, y(0) + fm.getAscent() + 4);
        String yt = String.format(Locale.ROOT, yMax < 0.5 ? "%.2f" : "%.1f", fy);
        g.drawString(yt, x(0) - fm.stringWidth(yt) - 6, y(fy) + fm.getAscent() / 2 - 1);
      }
      g.setColor(Color.BLACK);
      g.drawRect(x(0), y(yMax), x(1) - x(0), y(0) - y(yMax));
      g.drawString(xLabel, x(0.5) - fm.stringWidth(xLabel) / 2, HEIGHT - 14);
      AffineTransform saved = g.getTransform();
      g.rotate(-Math.PI / 2);
      g.drawString(yLabel, -(y(yMax / 2) + fm.stringWidth(yLabel) / 2), 18);
      g.setTransform(saved);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
      g.drawString(title, LEFT, 24);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    }

    int x(double value) {
      return LEFT + (int) Math.round(value * (WIDTH - LEFT - RIGHT));
    }

    int y(double value) {
      return HEIGHT - BOTTOM - (int) Math.round(value / yMax * (HEIGHT - TOP - BOTTOM));
    }

    void message(String text) {
      g.setColor(Color.DARK_GRAY);
      FontMetrics fm = g.getFontMetrics();
      g.drawString(text, x(0.5) - fm.stringWidth(text) / 2, y(yMax / 2));
    }

    /** A boxed legend in the lower-left (or upper-right) corner, one swatch per non-empty entry. */
    void legend(String[] entries, Color[] colors, boolean upperRight) {
      FontMetrics fm = g.getFontMetrics();
      int rows = 0;
      int width = 0;
      for (String e : entries) {
        if (!e.isEmpty()) {
          rows++;
          width = Math.max(width, fm.stringWidth(e));
        }
      }
      int line = fm.getHeight() + 2;
      int boxX = upperRight ? x(1) - 8 - (width + 36) : x(0) + 8;
      int boxY = upperRight ? y(yMax) + 8 : y(0) - 8 - rows * line - 6;
      g.setColor(new Color(255, 255, 255, 230));
      g.fillRect(boxX, boxY, width + 36, rows * line + 8);
      g.setColor(Color.GRAY);
      g.drawRect(boxX, boxY, width + 36, rows * line + 8);
      int row = 0;
      for (int i = 0; i < entries.length; i++) {
        if (entries[i].isEmpty()) {
          continue;
        }
        int baseline = boxY + 6 + row * line + fm.getAscent();
        g.setColor(colors[i]);
        g.fillRect(boxX + 8, baseline - fm.getAscent() + 3, 16, fm.getAscent() - 4);
        g.setColor(Color.BLACK);
        g.drawString(entries[i], boxX + 30, baseline);
        row++;
      }
    }

    BufferedImage done() {
      g.dispose();
      return image;
    }
  }
}
