package dev.winnow.jobs.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.winnow.jobs.config.MetricsSpec;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A run's description, stored in its output's Delta commit ({@code userMetadata}), so that a run
 * killed between that commit and its metrics writes can have them recomputed from the table by a
 * rerun. The metrics themselves cannot be in that commit: they are computed from what it wrote.
 */
public final class RunRecord {

  /** Key marking a commit as a score run's (other writers' userMetadata is left alone). */
  private static final String RUN_ID = "winnow_score_run_id";

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * A committed run whose metrics are missing: from the JSON file, the table, or both.
   *
   * @param run the run as recorded in its commit, finished at the commit's time
   */
  public record Unrecorded(RunInfo run, boolean jsonMissing, boolean tableRowMissing) {}

  private RunRecord() {}

  /** The commit's userMetadata for {@code run} (its finishing time is the commit's own). */
  public static String toJson(RunInfo run) {
    ObjectNode node = JSON.createObjectNode()
        .put(RUN_ID, run.runId())
        .put("model_ref", run.modelRef())
        .put("started_at", run.startedAt().toString())
        .put("input_path", run.inputPath())
        .put("input_format", run.inputFormat())
        .put("output_path", run.outputPath())
        .put("output_format", run.outputFormat())
        .put("malformed_rows", run.malformedRows());
    run.skippedFiles().forEach(node.putArray("skipped_files")::add);
    run.malformedLines().forEach(node.putArray("malformed_lines")::add);
    return node.toString();
  }

  /**
   * The run whose commit is the latest of the Delta table at {@code outputPath}, when its metrics
   * are missing; empty when the path is no Delta table, its last commit is no score run's, or the
   * run's metrics are all there.
   */
  public static Optional<Unrecorded> unrecorded(SparkSession spark, String outputPath, MetricsSpec metrics) {
    if (!DeltaTable.isDeltaTable(spark, outputPath)) {
      return Optional.empty();
    }
    Row last = DeltaTable.forPath(spark, outputPath).history(1).select("timestamp", "userMetadata").first();
    if (last.isNullAt(1)) {
      return Optional.empty();
    }
    JsonNode node;
    try {
      node = JSON.readTree(last.getString(1));
    } catch (IOException e) {
      return Optional.empty();  // another writer's free-form metadata
    }
    if (node == null || !node.hasNonNull(RUN_ID)) {
      return Optional.empty();
    }
    String runId = node.get(RUN_ID).asText();
    boolean jsonMissing = !jsonHolds(spark, metrics.jsonPath(), runId);
    boolean tableRowMissing = !tableHolds(spark, metrics.tablePath(), runId);
    if (!jsonMissing && !tableRowMissing) {
      return Optional.empty();
    }
    RunInfo run = new RunInfo(runId, node.get("model_ref").asText(), Instant.parse(node.get("started_at").asText()),
        last.getTimestamp(0).toInstant(), node.get("input_path").asText(), node.get("input_format").asText(),
        node.get("output_path").asText(), node.get("output_format").asText(), strings(node.get("skipped_files")),
        node.path("malformed_rows").asLong(0), strings(node.get("malformed_lines")), RunOutcome.METRICS_RECOVERED);
    return Optional.of(new Unrecorded(run, jsonMissing, tableRowMissing));
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    if (array != null) {
      array.forEach(v -> values.add(v.asText()));
    }
    return values;
  }

  private static boolean jsonHolds(SparkSession spark, String jsonPath, String runId) {
    Path path = new Path(jsonPath);
    try {
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(path)) {
        return false;
      }
      try (InputStream in = fs.open(path)) {
        JsonNode json = JSON.readTree(in);
        return json != null && runId.equals(json.path("run_id").asText());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read metrics.json " + jsonPath, e);
    }
  }

  private static boolean tableHolds(SparkSession spark, String tablePath, String runId) {
    return DeltaTable.isDeltaTable(spark, tablePath)
        && !spark.read().format("delta").load(tablePath).filter(org.apache.spark.sql.functions.col("run_id")
            .equalTo(runId)).isEmpty();
  }
}
