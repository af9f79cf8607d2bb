package dev.winnow.jobs.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.Set;
import org.apache.hadoop.fs.Path;

/**
 * Every setting of the {@code evaluate} job, validated; see {@code conf/evaluate.conf}.
 *
 * @param outputPath directory receiving {@code report.json}, {@code report.html} and its charts
 * @param overwrite whether an existing report there is replaced ({@code output.mode = overwrite})
 * @param runsTable Delta table gaining one row per evaluation
 */
public record EvaluateConfig(LabeledSource source, String outputPath, boolean overwrite, String runsTable) {

  public static final String DEFAULTS = "dev/winnow/jobs/evaluate-defaults.conf";

  private static final ConfigLoader LOADER =
      new ConfigLoader(DEFAULTS, Set.of("input.csv", "thresholds.labels"));

  public static EvaluateConfig load(JobArgs args) {
    return from(LOADER.complete(ThresholdsFile.underlay(LOADER.userLayer(args))));
  }

  public static EvaluateConfig parse(String hocon) {
    return from(LOADER.complete(ThresholdsFile.underlay(ConfigFactory.parseString(hocon))));
  }

  public static Config defaults() {
    return LOADER.defaults();
  }

  private static EvaluateConfig from(Config complete) {
    Settings s = new Settings(complete);
    String output = OutputSpec.stripTrailingSlash(s.requiredPath("output.path"));
    Path out = new Path(output);
    Path parent = out.getParent() == null ? out : out.getParent();
    return new EvaluateConfig(
        LabeledSource.from(s),
        output,
        s.oneOf("output.mode", "error", "overwrite").equals("overwrite"),
        s.optionalString("output.runs_table").orElse(new Path(parent, "winnow_evaluations").toString()));
  }
}
