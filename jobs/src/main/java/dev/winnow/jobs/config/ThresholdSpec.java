package dev.winnow.jobs.config;

import dev.winnow.spark.Thresholds;
import java.util.Optional;

/**
 * {@code thresholds.*}: flagging thresholds, and the file they partly came from (for messages).
 *
 * <p>Label names are checked against the model only when it is described, at the start of a run.
 */
public record ThresholdSpec(Thresholds thresholds, Optional<String> file) {

  public static ThresholdSpec from(Settings s) {
    return new ThresholdSpec(
        Thresholds.of(s.doubleIn("thresholds.default", 0, 1), s.doubleMap("thresholds.labels", 0, 1))
            .withPreset(s.string("thresholds.preset")),
        s.optionalPath("thresholds.file"));
  }

  /** Where a bad label name should be fixed. */
  public String labelsKey() {
    return "thresholds.labels" + file.map(f -> " (or " + f + ")").orElse("");
  }
}
