package dev.winnow.jobs.io;

import dev.winnow.jobs.config.ConfigError;
import dev.winnow.jobs.config.OutputSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/** Writes the scored rows per {@code output.*}, after checks that need no data. */
public final class OutputWriter {

  private OutputWriter() {}

  /** With {@code mode = error}, refuses an existing output before any work is done. */
  public static void checkTarget(SparkSession spark, OutputSpec output) {
    if (output.mode() == WriteMode.ERROR) {
      checkAbsent(spark, output.path(), "set output.mode to overwrite or append, or choose another path");
    }
  }

  /** Refuses an existing {@code output.path}; {@code advice} says what to do instead. */
  public static void checkAbsent(SparkSession spark, String outputPath, String advice) {
    Path path = new Path(outputPath);
    try {
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (fs.exists(path)) {
        throw new ConfigError("output.path", outputPath + " already exists; " + advice);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot check output.path " + outputPath, e);
    }
  }

  /** Partition columns must be among the columns written. */
  public static void checkPartitionColumns(OutputSpec output, StructType schema) {
    List<String> columns = Arrays.asList(schema.fieldNames());
    for (String column : output.partitionBy()) {
      if (!columns.contains(column)) {
        throw new ConfigError("output.partition_by", "no column '" + column + "' in the output; columns are " + columns);
      }
    }
  }

  public static void write(Dataset<Row> scored, OutputSpec output) {
    scored.write()
        .format(output.format().name().toLowerCase(Locale.ROOT))
        .mode(output.mode().saveMode())
        .partitionBy(output.partitionBy().toArray(new String[0]))
        .save(output.path());
  }

  /**
   * The written table, as later readers will see it. Parquet gets the written schema because
   * partition directories carry no types: {@code flagged=true} would read back as a string.
   */
  public static Dataset<Row> readBack(SparkSession spark, OutputSpec output, StructType written) {
    return switch (output.format()) {
      case DELTA -> spark.read().format("delta").load(output.path());
      case PARQUET -> spark.read().schema(written).parquet(output.path());
    };
  }
}
