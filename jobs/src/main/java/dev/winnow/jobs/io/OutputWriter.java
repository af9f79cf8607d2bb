package dev.winnow.jobs.io;

import dev.winnow.jobs.config.ConfigError;
import dev.winnow.jobs.config.OutputSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import io.delta.tables.DeltaTable;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/** Writes the scored rows per {@code output.*}, after checks that need no data. */
public final class OutputWriter {

  private OutputWriter() {}

  /**
   * With {@code mode = error}, refuses an existing output before any work is done. A Delta path
   * holding only what a run that died before its commit left behind (data files no commit
   * references) is not an output: a rerun may write there, and Delta never reads those files.
   */
  public static void checkTarget(SparkSession spark, OutputSpec output) {
    if (output.mode() != WriteMode.ERROR) {
      return;
    }
    String advice = "set output.mode to overwrite or append, or choose another path";
    if (output.format() == OutputFormat.DELTA) {
      Path path = new Path(output.path());
      try {
        FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
        if (fs.exists(path) && !hasDeltaCommit(fs, path) && onlyUncommittedDeltaFiles(fs, path)) {
          return;
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot check output.path " + output.path(), e);
      }
    }
    checkAbsent(spark, output.path(), advice);
  }

  /** Commits and checkpoints are files in {@code _delta_log}; its subfolders hold none of their own. */
  private static boolean hasDeltaCommit(FileSystem fs, Path table) throws IOException {
    Path log = new Path(table, "_delta_log");
    return fs.exists(log) && Arrays.stream(fs.listStatus(log)).anyMatch(FileStatus::isFile);
  }

  /** Data files Delta writes ({@code part-*}), their checksums, partition folders, an empty log. */
  private static boolean onlyUncommittedDeltaFiles(FileSystem fs, Path dir) throws IOException {
    for (FileStatus child : fs.listStatus(dir)) {
      String name = child.getPath().getName();
      boolean ok = child.isDirectory()
          ? name.equals("_delta_log") || (name.contains("=") && onlyUncommittedDeltaFiles(fs, child.getPath()))
          : name.startsWith("part-") || name.startsWith(".part-");
      if (!ok) {
        return false;
      }
    }
    return true;
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

  /**
   * Writes the rows; Spark computes them during this call. An append carries Delta's idempotent
   * write options, so the second append of one run is skipped by Delta before any row is computed.
   *
   * @param txnAppId the run's id for idempotent appends (used with {@code mode = append} only)
   * @return whether this call committed the rows: false when an earlier append of the run had
   */
  public static boolean write(Dataset<Row> scored, OutputSpec output, String txnAppId) {
    SparkSession spark = scored.sparkSession();
    long before = output.mode() == WriteMode.APPEND ? deltaVersion(spark, output.path()) : -1;
    DataFrameWriter<Row> writer = scored.write()
        .format(output.format().name().toLowerCase(Locale.ROOT))
        .mode(output.mode().saveMode())
        .partitionBy(output.partitionBy().toArray(new String[0]));
    if (output.mode() == WriteMode.APPEND) {
      writer.option("txnAppId", txnAppId).option("txnVersion", 0L);
    }
    writer.save(output.path());
    return output.mode() != WriteMode.APPEND || deltaVersion(spark, output.path()) != before;
  }

  /** The latest committed version of the Delta table at {@code path}; -1 when there is none. */
  public static long deltaVersion(SparkSession spark, String path) {
    if (!DeltaTable.isDeltaTable(spark, path)) {
      return -1;
    }
    return DeltaTable.forPath(spark, path).history(1).select("version").first().getLong(0);
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
