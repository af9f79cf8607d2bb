package dev.winnow.jobs.metrics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Stores run metrics twice from one row: appended to a Delta table (the history of runs) and as
 * pretty JSON beside the output (this run, for people and CI). Both come from {@link #SCHEMA}, so
 * the JSON keys are the table's column names.
 */
public final class MetricsSink {

  public static final StructType CATEGORY = new StructType()
      .add("name", DataTypes.StringType, false)
      .add("label", DataTypes.StringType, false)
      .add("column", DataTypes.StringType, false)
      .add("threshold", DataTypes.DoubleType, false)
      .add("scored_rows", DataTypes.LongType, false)
      .add("mean", DataTypes.DoubleType, true)
      .add("p50", DataTypes.DoubleType, true)
      .add("p90", DataTypes.DoubleType, true)
      .add("p99", DataTypes.DoubleType, true)
      .add("flagged_rows", DataTypes.LongType, false)
      .add("flag_rate", DataTypes.DoubleType, true)
      .add("histogram", DataTypes.createArrayType(DataTypes.LongType, false), false);

  public static final StructType SCHEMA = new StructType()
      .add("run_id", DataTypes.StringType, false)
      .add("model", DataTypes.StringType, false)
      .add("model_ref", DataTypes.StringType, false)
      .add("started_at", DataTypes.TimestampType, false)
      .add("finished_at", DataTypes.TimestampType, false)
      .add("input_path", DataTypes.StringType, false)
      .add("input_format", DataTypes.StringType, false)
      .add("output_path", DataTypes.StringType, false)
      .add("output_format", DataTypes.StringType, false)
      .add("rows", DataTypes.LongType, false)
      .add("scored_rows", DataTypes.LongType, false)
      .add("tokens", DataTypes.LongType, false)
      .add("wall_seconds", DataTypes.DoubleType, false)
      .add("rows_per_second", DataTypes.DoubleType, false)
      .add("tokens_per_second", DataTypes.DoubleType, false)
      .add("truncated_rows", DataTypes.LongType, false)
      .add("null_text_rows", DataTypes.LongType, false)
      .add("empty_text_rows", DataTypes.LongType, false)
      .add("flagged_rows", DataTypes.LongType, false)
      .add("flag_rate", DataTypes.DoubleType, true)
      .add("categories", DataTypes.createArrayType(CATEGORY, false), false)
      .add("skipped_files", DataTypes.createArrayType(DataTypes.StringType, false), false)
      .add("malformed_rows", DataTypes.LongType, true)
      .add("malformed_lines", DataTypes.createArrayType(DataTypes.StringType, false), true);

  private MetricsSink() {}

  public static Row toRow(RunMetrics m) {
    List<Row> categories = new ArrayList<>();
    for (CategoryMetrics c : m.categories()) {
      categories.add(RowFactory.create(c.name(), c.label(), c.column(), c.threshold(), c.scoredRows(),
          c.mean(), c.p50(), c.p90(), c.p99(), c.flaggedRows(), c.flagRate(), c.histogram()));
    }
    return RowFactory.create(m.runId(), m.model(), m.modelRef(),
        Timestamp.from(m.startedAt()), Timestamp.from(m.finishedAt()),
        m.inputPath(), m.inputFormat(), m.outputPath(), m.outputFormat(),
        m.rows(), m.scoredRows(), m.tokens(), m.wallSeconds(), m.rowsPerSecond(), m.tokensPerSecond(),
        m.truncatedRows(), m.nullTextRows(), m.emptyTextRows(), m.flaggedRows(), m.flagRate(), categories,
        m.skippedFiles(), m.malformedRows(), m.malformedLines());
  }

  /**
   * Appends the run to the Delta metrics table, creating it on the first run. Columns added by
   * later Winnow versions are merged into an older table's schema.
   *
   * @param txnAppId when present, Delta records the append under this id and skips a second one,
   *     so a rerun of the same run never adds its metrics twice
   */
  public static void appendToTable(SparkSession spark, RunMetrics m, String tablePath, Optional<String> txnAppId) {
    DataFrameWriter<Row> writer = frame(spark, m).write().format("delta").mode("append").option("mergeSchema", "true");
    txnAppId.ifPresent(id -> writer.option("txnAppId", id).option("txnVersion", 0L));
    writer.save(tablePath);
  }

  /** Writes the run as pretty JSON, replacing the file of an earlier run at the same path. */
  public static String writeJson(SparkSession spark, RunMetrics m, String jsonPath) {
    return writeJson(spark, frame(spark, m), jsonPath);
  }

  /**
   * Writes a one-row frame as pretty JSON (keys are its column names, nulls kept), replacing any
   * file at {@code jsonPath}; the text written is returned.
   */
  public static String writeJson(SparkSession spark, Dataset<Row> oneRow, String jsonPath) {
    String compact = oneRow
        .select(to_json(struct(col("*")), Map.of("ignoreNullFields", "false")))
        .first()
        .getString(0);
    // Numbers keep Spark's text (Gson parses them lazily); nulls and characters such as '<' stay as they are.
    String pretty = new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create()
        .toJson(JsonParser.parseString(compact)) + "\n";
    Path path = new Path(jsonPath);
    try {
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      try (OutputStream out = fs.create(path, true)) {
        out.write(pretty.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + jsonPath, e);
    }
    return pretty;
  }

  private static Dataset<Row> frame(SparkSession spark, RunMetrics m) {
    return spark.createDataFrame(List.of(toRow(m)), SCHEMA);
  }
}
