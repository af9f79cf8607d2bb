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
    if (onlyADeadRunsFiles(spark, output)) {
      return;
    }
    // Only modes that can work for this format: a Parquet folder cannot be appended to safely.
    String advice = output.format() == OutputFormat.DELTA
        ? "set output.mode to overwrite or append, or choose another path"
        : "set output.mode to overwrite, or choose another path";
    checkAbsent(spark, output.path(), advice);
  }

  /**
   * Whether {@code output.path} exists but holds only what a run that died before its commit
   * left: for Delta, data files no commit references; for Parquet, no {@code _SUCCESS} and only
   * the committer's {@code _temporary} folder. Such a folder is no output, and nothing reads it.
   */
  private static boolean onlyADeadRunsFiles(SparkSession spark, OutputSpec output) {
    Path path = new Path(output.path());
    try {
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(path) || !fs.getFileStatus(path).isDirectory()) {
        return false;
      }
      return switch (output.format()) {
        case DELTA -> !hasDeltaCommit(fs, path) && onlyUncommittedDeltaFiles(fs, path);
        case PARQUET -> onlyUncommittedParquetFiles(fs, path);
      };
    } catch (IOException e) {
      throw new UncheckedIOException("cannot check output.path " + output.path(), e);
    }
  }

  /** Spark's file committer keeps a job's files under {@code _temporary} until the job commits. */
  private static boolean onlyUncommittedParquetFiles(FileSystem fs, Path dir) throws IOException {
    return Arrays.stream(fs.listStatus(dir)).allMatch(child -> child.isDirectory()
        && (child.getPath().getName().equals("_temporary") || child.getPath().getName().startsWith(".spark-staging")));
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

  /**
   * Refuses an output that is the input, inside it or holding it: overwriting would delete the
   * rows being read (Delta fails half-way with its own error), and any other mode would feed the
   * scores back into the next run's input.
   */
  public static void checkApartFromInput(SparkSession spark, String inputPath, String outputPath) {
    try {
      Path input = new Path(inputPath);
      Path output = new Path(outputPath);
      String in = input.getFileSystem(spark.sparkContext().hadoopConfiguration()).makeQualified(input).toString();
      String out = output.getFileSystem(spark.sparkContext().hadoopConfiguration()).makeQualified(output).toString();
      if (in.equals(out) || out.startsWith(in + "/") || in.startsWith(out + "/")) {
        throw new ConfigError("output.path", outputPath + (in.equals(out) ? " is input.path " : out.startsWith(in + "/")
            ? " is inside input.path " : " holds input.path ") + inputPath + "; write the scores somewhere else");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot compare output.path " + outputPath + " with input.path " + inputPath, e);
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

  /**
   * Writes the rows; Spark computes them during this call. An append carries Delta's idempotent
   * write options, so the second append of one run is skipped by Delta before any row is computed.
   *
   * @param txnAppId the run's id for idempotent appends (used with {@code mode = append} only)
   * @param runRecord the run's description, kept in the Delta commit (see {@code RunRecord})
   * @return whether this call committed the rows: false when an earlier append of the run had
   */
  public static boolean write(Dataset<Row> scored, OutputSpec output, String txnAppId, String runRecord) {
    SparkSession spark = scored.sparkSession();
    long before = output.mode() == WriteMode.APPEND ? deltaVersion(spark, output.path()) : -1;
    Path path = new Path(output.path());
    if (output.format() == OutputFormat.PARQUET && output.mode() == WriteMode.ERROR
        && onlyADeadRunsFiles(spark, output)) {
      // Spark refuses any existing Parquet path; these files were never committed, nothing reads them.
      deleteQuietly(spark, path, null);
    }
    boolean existed = exists(spark, path);
    DataFrameWriter<Row> writer = scored.write()
        .format(output.format().name().toLowerCase(Locale.ROOT))
        .mode(output.mode().saveMode())
        .partitionBy(output.partitionBy().toArray(new String[0]));
    if (output.mode() == WriteMode.APPEND) {
      writer.option("txnAppId", txnAppId).option("txnVersion", 0L);
    }
    if (output.format() == OutputFormat.DELTA) {
      writer.option("userMetadata", runRecord);
    }
    try {
      writer.save(output.path());
    } catch (Exception e) {  // Exception: Spark's checked SparkException comes through Scala unchecked
      if (!existed) {
        // Nothing was committed, and the folder is this run's own: leave the path as it was, so a
        // failed run (a model that cannot load in a task, say) leaves nothing a person must clean.
        deleteQuietly(spark, path, e);
      }
      throw e;
    }
    return output.mode() != WriteMode.APPEND || deltaVersion(spark, output.path()) != before;
  }

  private static boolean exists(SparkSession spark, Path path) {
    try {
      return path.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot check output.path " + path, e);
    }
  }

  /** Deletes {@code path}; a failure to is added to {@code failure}, or thrown when that is null. */
  private static void deleteQuietly(SparkSession spark, Path path, Exception failure) {
    try {
      path.getFileSystem(spark.sparkContext().hadoopConfiguration()).delete(path, true);
    } catch (IOException e) {
      if (failure == null) {
        throw new UncheckedIOException("cannot remove a dead run's files at output.path " + path, e);
      }
      failure.addSuppressed(e);
    }
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
