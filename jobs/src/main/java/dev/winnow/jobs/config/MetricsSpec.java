package dev.winnow.jobs.config;

import org.apache.hadoop.fs.Path;

/**
 * {@code metrics.*}: where run metrics go.
 *
 * @param tablePath Delta table gaining one row per run; defaults to {@code winnow_metrics} beside
 *     the output, so runs into one place share one history
 * @param jsonPath this run's metrics as JSON; defaults to {@code <output>.metrics.json}, a sibling
 *     of the output rather than a file inside it, where it would be mistaken for table data
 */
public record MetricsSpec(String tablePath, String jsonPath) {

  static MetricsSpec from(Settings s, String outputPath) {
    Path output = new Path(outputPath);
    Path parent = output.getParent() == null ? output : output.getParent();
    return new MetricsSpec(
        s.optionalPath("metrics.path").orElse(new Path(parent, "winnow_metrics").toString()),
        s.optionalPath("metrics.json").orElse(new Path(parent, output.getName() + ".metrics.json").toString()));
  }
}
