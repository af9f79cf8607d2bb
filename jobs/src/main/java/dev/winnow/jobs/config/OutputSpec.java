package dev.winnow.jobs.config;

import dev.winnow.jobs.io.OutputFormat;
import dev.winnow.jobs.io.WriteMode;
import java.util.List;

/** {@code output.*}: where and how the scored rows are written. */
public record OutputSpec(
    String path, OutputFormat format, WriteMode mode, List<String> partitionBy, String columnPrefix) {

  public OutputSpec {
    partitionBy = List.copyOf(partitionBy);
  }

  static OutputSpec from(Settings s) {
    return new OutputSpec(
        stripTrailingSlash(s.requiredString("output.path")),
        s.oneOf("output.format", OutputFormat.class),
        s.oneOf("output.mode", WriteMode.class),
        s.stringList("output.partition_by"),
        s.string("output.column_prefix"));
  }

  public static String stripTrailingSlash(String path) {
    String p = path;
    while (p.length() > 1 && p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }
}
