package dev.winnow.jobs.evaluation;

import static org.apache.commons.text.StringEscapeUtils.escapeHtml4;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * {@code report.html}: the metrics table, notes, and per category a precision-recall curve and a
 * score histogram as PNG files beside it (plain files, so the folder can be copied or served).
 */
public final class HtmlReport {

  public static final String FILE = "report.html";

  private HtmlReport() {}

  /** PNG file names of a category's charts, relative to the report. */
  public static String prCurveFile(String category) {
    return "pr_" + category + ".png";
  }

  public static String histogramFile(String category) {
    return "hist_" + category + ".png";
  }

  /** The files this report writes into its directory (what {@code overwrite} replaces). */
  public static List<String> files(EvaluationReport report) {
    List<String> files = new ArrayList<>(List.of(FILE));
    for (CategoryEvaluation c : report.categories()) {
      files.add(prCurveFile(c.name()));
      files.add(histogramFile(c.name()));
    }
    return files;
  }

  public static void write(FileSystem fs, Path dir, EvaluationReport report) throws IOException {
    for (CategoryEvaluation c : report.categories()) {
      png(fs, new Path(dir, prCurveFile(c.name())), Charts.precisionRecall(c));
      png(fs, new Path(dir, histogramFile(c.name())), Charts.histogram(c));
    }
    try (OutputStream out = fs.create(new Path(dir, FILE), true)) {
      out.write(html(report).getBytes(StandardCharsets.UTF_8));
    }
  }

  private static void png(FileSystem fs, Path file, BufferedImage image) throws IOException {
    try (OutputStream out = fs.create(file, true)) {
      if (!ImageIO.write(image, "png", out)) {
        throw new UncheckedIOException(new IOException("no PNG writer for " + file));
      }
    }
  }

  static String html(EvaluationReport r) {
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>Winnow evaluation ")
        .append(escapeHtml4(r.model())).append("</title>\n<style>\n")
        .append("body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse}")
        .append("th,td{border:1px solid #ccc;padding:4px 8px;text-align:right}th{background:#f3f3f3}")
        .append("td:first-child,th:first-child{text-align:left}img{margin:4px;border:1px solid #ddd}")
        .append(".meta td{text-align:left}\n</style></head><body>\n")
        .append("<h1>Evaluation of ").append(escapeHtml4(r.model())).append("</h1>\n<table class=\"meta\">\n");
    meta(h, "run", r.runId());
    meta(h, "model", r.modelRef());
    meta(h, "data", r.dataPath());
    meta(h, "rows", Long.toString(r.rows()));
    meta(h, "evaluated at", r.evaluatedAt().toString());
    h.append("</table>\n<h2>Metrics</h2>\n<p>At the threshold in use a row is flagged when its score is at or "
        + "above it; <em>any</em> is flagged when any category is, and ranked by its highest score. Rows "
        + "with an unknown label or no score (null or blank text) are left out.</p>\n<table>\n<tr>");
    for (String head : List.of("category", "threshold", "positives", "negatives", "unknown", "unscored",
        "tp", "fp", "tn", "fn", "precision", "recall", "F1", "ROC AUC", "average precision", "best F1", "at threshold")) {
      h.append("<th>").append(head).append("</th>");
    }
    h.append("</tr>\n");
    for (CategoryEvaluation c : r.categories()) {
      h.append("<tr><td>").append(escapeHtml4(c.name())).append("</td>");
      for (Object v : new Object[] {num(c.threshold()), c.positives(), c.negatives(), c.unknown(), c.unscored(),
          c.tp(), c.fp(), c.tn(), c.fn(), num(c.precision()), num(c.recall()), num(c.f1()), num(c.rocAuc()),
          num(c.averagePrecision()), num(c.bestF1()), num(c.bestF1Threshold())}) {
        h.append("<td>").append(v).append("</td>");
      }
      h.append("</tr>\n");
    }
    h.append("</table>\n");
    if (!r.notes().isEmpty()) {
      h.append("<h2>Notes</h2>\n<ul>\n");
      r.notes().forEach(n -> h.append("<li>").append(escapeHtml4(n)).append("</li>\n"));
      h.append("</ul>\n");
    }
    for (CategoryEvaluation c : r.categories()) {
      h.append("<h2>").append(escapeHtml4(c.name())).append("</h2>\n")
          .append("<img src=\"").append(escapeHtml4(prCurveFile(c.name()))).append("\" width=\"").append(Charts.WIDTH)
          .append("\" alt=\"precision-recall curve of ").append(escapeHtml4(c.name())).append("\">\n")
          .append("<img src=\"").append(escapeHtml4(histogramFile(c.name()))).append("\" width=\"").append(Charts.WIDTH)
          .append("\" alt=\"score histogram of ").append(escapeHtml4(c.name())).append(" by label\">\n");
    }
    return h.append("</body></html>\n").toString();
  }

  private static void meta(StringBuilder h, String key, String value) {
    h.append("<tr><th>").append(key).append("</th><td>").append(escapeHtml4(value)).append("</td></tr>\n");
  }

  static String num(Double v) {
    return v == null ? "-" : String.format(Locale.ROOT, "%.3f", v);
  }
}
