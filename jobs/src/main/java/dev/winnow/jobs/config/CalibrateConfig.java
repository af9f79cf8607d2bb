package dev.winnow.jobs.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.Set;

/**
 * Every setting of the {@code calibrate} job, validated; see {@code conf/calibrate.conf}.
 *
 * @param objective how a threshold is chosen per category
 * @param targetRecall with {@link Objective#RECALL}: the recall to reach
 * @param minPositives fewer labeled positives than this and the category keeps its threshold
 * @param outputPath the thresholds file written, in the shape {@code thresholds.file} reads
 * @param overwrite whether an existing file there is replaced
 */
public record CalibrateConfig(
    LabeledSource source,
    Objective objective,
    double targetRecall,
    int minPositives,
    String outputPath,
    boolean overwrite) {

  /** {@code calibrate.objective}. */
  public enum Objective {
    /** The highest threshold whose recall reaches the target: fewest flags without missing more. */
    RECALL,
    /** The threshold with the best F1. */
    F1
  }

  public static final String DEFAULTS = "dev/winnow/jobs/calibrate-defaults.conf";

  private static final ConfigLoader LOADER =
      new ConfigLoader(DEFAULTS, Set.of("input.csv", "thresholds.labels"));

  public static CalibrateConfig load(JobArgs args) {
    return from(LOADER.complete(ThresholdsFile.underlay(LOADER.userLayer(args))));
  }

  public static CalibrateConfig parse(String hocon) {
    return from(LOADER.complete(ThresholdsFile.underlay(ConfigFactory.parseString(hocon))));
  }

  public static Config defaults() {
    return LOADER.defaults();
  }

  private static CalibrateConfig from(Config complete) {
    Settings s = new Settings(complete);
    return new CalibrateConfig(
        LabeledSource.from(s),
        s.oneOf("calibrate.objective", Objective.class),
        s.doubleIn("calibrate.target_recall", 0, 1),
        s.intAtLeast("calibrate.min_positives", 1),
        s.requiredPath("output.path"),
        s.oneOf("output.mode", "error", "overwrite").equals("overwrite"));
  }
}
