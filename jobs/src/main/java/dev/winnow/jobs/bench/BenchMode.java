package dev.winnow.jobs.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** What one benchmark run measures; each runs in its own JVM. */
public enum BenchMode {
  /** The score job: Parquet in, Spark {@code mapPartitions}, Delta out, metrics. */
  SPARK,
  /** {@code Models.load} + {@code classify} in chunks of {@code model.rows_per_chunk}, no Spark. */
  RUNTIME,
  /** ONNX Runtime on the same encoder's ONNX, fed the same tokenizer output and batches. */
  ONNX,
  /** One text per {@code classify} call, as the SQL UDF scores. */
  PER_ROW;

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  static List<String> names() {
    return Arrays.stream(values()).map(BenchMode::key).toList();
  }
}
