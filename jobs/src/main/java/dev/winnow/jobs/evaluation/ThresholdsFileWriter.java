package dev.winnow.jobs.evaluation;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Formats calibrated thresholds as the HOCON file {@code thresholds.file} reads ({@code thresholds {
 * default, labels { ... } }}), with a header saying how each value was chosen and a {@code
 * calibration} block (ignored by the jobs) recording the same for tools.
 */
public final class ThresholdsFileWriter {

  private ThresholdsFileWriter() {}

  /**
   * @param objective how thresholds were chosen, in words ({@code recall >= 0.9}, {@code best F1})
   * @param defaultThreshold written as {@code thresholds.default}: labels not calibrated fall back to it
   * @param notes how the labels were matched to the model (categories left out)
   */
  public static String format(String model, String dataPath, Instant at, String objective,
      double defaultThreshold, List<Calibration> calibrations, List<String> notes) {
    StringBuilder s = new StringBuilder();
    s.append("# Thresholds written by `winnow calibrate` at ").append(at).append('\n');
    s.append("# model: ").append(model).append('\n');
    s.append("# data:  ").append(dataPath).append('\n');
    s.append("# objective: ").append(objective).append('\n');
    s.append("# Use with thresholds.file = <this file>. Per label (on the calibration sample):\n");
    for (Calibration c : calibrations) {
      s.append(String.format(Locale.ROOT, "#   %-20s %-10s precision %s  recall %s  positives %d  negatives %d  (%s)%n",
          c.name(), plain(c.threshold()), ratio(c.precision()), ratio(c.recall()), c.positives(), c.negatives(), c.how()));
    }
    notes.forEach(n -> s.append("# note: ").append(n).append('\n'));
    s.append("\nthresholds {\n  default = ").append(plain((float) defaultThreshold)).append("\n  labels {\n");
    for (Calibration c : calibrations) {
      s.append("    \"").append(c.name()).append("\" = ").append(plain(c.threshold())).append('\n');
    }
    s.append("  }\n}\n\ncalibration {\n");
    s.append("  model = ").append(quote(model)).append('\n');
    s.append("  data = ").append(quote(dataPath)).append('\n');
    s.append("  at = ").append(quote(at.toString())).append('\n');
    s.append("  objective = ").append(quote(objective)).append('\n');
    s.append("  labels {\n");
    for (Calibration c : calibrations) {
      s.append("    \"").append(c.name()).append("\" { chosen = ").append(c.chosen())
          .append(", how = ").append(quote(c.how()))
          .append(", positives = ").append(c.positives())
          .append(", precision = ").append(Double.isNaN(c.precision()) ? "null" : ratio(c.precision()))
          .append(", recall = ").append(Double.isNaN(c.recall()) ? "null" : ratio(c.recall())).append(" }\n");
    }
    return s.append("  }\n}\n").toString();
  }

  /**
   * A float's shortest decimal, never in exponent form: parsed back and narrowed to float (as the
   * score job does) it is the same float, so flags on the sample are what the header promises.
   */
  static String plain(float value) {
    return new BigDecimal(Float.toString(value)).toPlainString();
  }

  private static String ratio(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
