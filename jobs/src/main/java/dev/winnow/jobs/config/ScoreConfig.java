package dev.winnow.jobs.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.Set;

/** Every setting of the {@code score} job, validated; see {@code conf/score.conf}. */
public record ScoreConfig(
    InputSpec input, ModelSpec model, ThresholdSpec thresholds, OutputSpec output, MetricsSpec metrics) {

  public static final String DEFAULTS = "dev/winnow/jobs/score-defaults.conf";

  private static final ConfigLoader LOADER =
      new ConfigLoader(DEFAULTS, Set.of("input.csv", "thresholds.labels"));

  /** From the command line: {@code --config FILE}, then overrides. */
  public static ScoreConfig load(JobArgs args) {
    Config user = LOADER.userLayer(args);
    return from(LOADER.complete(ThresholdsFile.underlay(user)));
  }

  /** From HOCON text (tests, embedding), with the same checks and defaults. */
  public static ScoreConfig parse(String hocon) {
    return from(LOADER.complete(ThresholdsFile.underlay(ConfigFactory.parseString(hocon))));
  }

  public static ScoreConfig load(Path file, String... overrides) {
    return load(new JobArgs(java.util.Optional.of(file), java.util.List.of(overrides), false));
  }

  /** The defaults (every valid key), for documentation and tests. */
  public static Config defaults() {
    return LOADER.defaults();
  }

  private static ScoreConfig from(Config complete) {
    Settings s = new Settings(complete);
    OutputSpec output = OutputSpec.from(s);
    return new ScoreConfig(
        InputSpec.from(s), ModelSpec.from(s), ThresholdSpec.from(s), output, MetricsSpec.from(s, output.path()));
  }
}
