package dev.winnow.jobs.config;

import dev.winnow.jobs.io.OutputFormat;
import dev.winnow.jobs.io.WriteMode;
import java.util.List;
import java.util.Optional;

/**
 * {@code output.*}: where and how the scored rows are written.
 *
 * @param runKey names the run for idempotent appends; empty: the input's identity names it
 */
public record OutputSpec(String path, OutputFormat format, WriteMode mode, List<String> partitionBy,
    String columnPrefix, Optional<String> runKey) {

  public OutputSpec {
    partitionBy = List.copyOf(partitionBy);
    if (mode == WriteMode.APPEND && format != OutputFormat.DELTA) {
      throw new ConfigError("output.mode", "append needs output.format = delta: a Parquet directory cannot "
          + "tell a rerun from a new run, so rerunning would duplicate every row");
    }
    if (runKey.isPresent() && mode != WriteMode.APPEND) {
      throw new ConfigError("output.run_key", "only applies with output.mode = append");
    }
  }

  static OutputSpec from(Settings s) {
    return new OutputSpec(
        stripTrailingSlash(s.requiredPath("output.path")),
        s.oneOf("output.format", OutputFormat.class),
        s.oneOf("output.mode", WriteMode.class),
        s.stringList("output.partition_by"),
        s.string("output.column_prefix"),
        s.optionalString("output.run_key"));
  }

  public static String stripTrailingSlash(String path) {
    String p = path;
    while (p.length() > 1 && p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }
}
