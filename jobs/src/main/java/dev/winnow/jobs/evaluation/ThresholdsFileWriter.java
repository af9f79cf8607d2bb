package dev.winnow.jobs.evaluation;

import dev.winnow.jobs.config.ThresholdsFile;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The thresholds file {@code calibrate} writes: {@link ThresholdsFile#render} with a header saying
 * how each value was chosen and a {@code calibration} block (ignored by the jobs) recording the same
 * for tools.
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
    List<String> header = new ArrayList<>(List.of(
        "Thresholds written by `winnow calibrate` at " + at,
        "model: " + model,
        "data:  " + dataPath,
        "objective: " + objective,
        "Use with thresholds.file = <this file>."));
    notes.forEach(n -> header.add("note: " + n));
    List<ThresholdsFile.Entry> entries = new ArrayList<>();
    Map<String, Object> byLabel = new LinkedHashMap<>();
    for (Calibration c : calibrations) {
      entries.add(new ThresholdsFile.Entry(c.name(), c.threshold(), String.format(Locale.ROOT,
          "precision %s  recall %s  positives %d  negatives %d  (%s)",
          ratio(c.precision()), ratio(c.recall()), c.positives(), c.negatives(), c.how())));
      Map<String, Object> record = new LinkedHashMap<>();
      record.put("chosen", c.chosen());
      record.put("how", c.how());
      record.put("positives", c.positives());
      record.put("precision", defined(c.precision()));
      record.put("recall", defined(c.recall()));
      byLabel.put(c.name(), record);
    }
    Map<String, Object> calibration = new LinkedHashMap<>();
    calibration.put("model", model);
    calibration.put("data", dataPath);
    calibration.put("at", at.toString());
    calibration.put("objective", objective);
    calibration.put("labels", byLabel);
    return ThresholdsFile.render(header, (float) defaultThreshold, entries, Map.of("calibration", calibration));
  }

  private static String ratio(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
  }

  /** Rounded to three places like the comments; null (not NaN, which HOCON lacks) when undefined. */
  private static Double defined(double v) {
    return Double.isNaN(v) ? null : Math.round(v * 1000) / 1000.0;
  }
}
