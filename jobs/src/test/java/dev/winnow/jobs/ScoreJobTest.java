package dev.winnow.jobs;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.winnow.jobs.config.ConfigError;
import dev.winnow.jobs.config.ScoreConfig;
import dev.winnow.jobs.metrics.CategoryMetrics;
import dev.winnow.jobs.metrics.RunMetrics;
import dev.winnow.jobs.metrics.RunOutcome;
import dev.winnow.jobs.metrics.SummaryTable;
import dev.winnow.jobs.testing.DeltaTestSpark;
import dev.winnow.runtime.InferenceOptions;
import dev.winnow.runtime.LongTextPolicy;
import dev.winnow.runtime.WindowAggregation;
import dev.winnow.spark.ExecutorModelCache;
import dev.winnow.spark.testing.FakeClassifier;
import dev.winnow.spark.testing.FakeFactory;
import dev.winnow.spark.testing.ScoredRows;
import dev.winnow.spark.testing.TestSpark;
import dev.winnow.spark.testing.TestTexts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScoreJobTest {

  private static final StructType INPUT = new StructType()
      .add("id", DataTypes.LongType, false)
      .add("text", DataTypes.StringType, true);

  /** Eight-token windows, so long texts are truncated; toxic flags from 0.25. */
  private static final String MODEL = """
      model { ref = "test:fake", max_tokens = 8, stride = 2 }
      thresholds.labels { toxic = 0.25 }
      input.id_column = id
      """;
  private static final InferenceOptions OPTIONS = InferenceOptions.DEFAULTS
      .withLongText(LongTextPolicy.TRUNCATE, 2, 16, WindowAggregation.MAX)
      .withMaxTokens(8);
  private static final float[] THRESHOLDS = {0.25f, 0.5f, 0.5f};

  @TempDir static Path inputs;
  @TempDir Path work;

  private static SparkSession spark;
  private static Path parquetInput;
  private static Path deltaInput;

  @BeforeAll
  static void start() {
    spark = DeltaTestSpark.start("ScoreJobTest");
    List<Row> rows = new ArrayList<>();
    List<String> texts = TestTexts.sample();
    for (int i = 0; i < texts.size(); i++) {
      rows.add(RowFactory.create((long) i, texts.get(i)));
    }
    Dataset<Row> frame = spark.createDataFrame(
        JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, 8), INPUT);
    parquetInput = inputs.resolve("posts_parquet");
    frame.write().parquet(parquetInput.toString());
    deltaInput = inputs.resolve("posts_delta");
    frame.write().format("delta").save(deltaInput.toString());
  }

  @AfterAll
  static void stop() {
    TestSpark.stop(spark);
  }

  @BeforeEach
  void reset() {
    TestSpark.forgetModels();
  }

  private ScoreConfig config(String settings) {
    return ScoreConfig.parse(MODEL + settings);
  }

  private static RunMetrics run(ScoreConfig config) {
    return ScoreJob.run(config, spark, new FakeFactory());
  }

  private Dataset<Row> read(String format, Path path) {
    Dataset<Row> table = spark.read().format(format).load(path.toString());
    // Partition directories carry no types: flagged=true reads back as a string.
    return format.equals("parquet") ? table.withColumn("flagged", table.col("flagged").cast("boolean")) : table;
  }

  @Test
  void parquetInputToDeltaWithMetrics() throws IOException {
    Path out = work.resolve("scored");
    assertTrue(Files.list(parquetInput).filter(p -> p.toString().endsWith(".parquet")).count() >= 8);
    RunMetrics m = run(config("input.path = \"" + parquetInput + "\"\noutput.path = \"" + out + "\""));
    assertEquals(1, ExecutorModelCache.loads(), "one model load for the whole multi-partition job");

    List<Row> rows = read("delta", out).orderBy("id").collectAsList();
    assertEquals(40, rows.size());
    ScoredRows.assertMatchDirectClassify(rows, "text", "score_", OPTIONS, THRESHOLDS);
    for (Row row : rows) {
      assertEquals(m.runId(), row.getAs(ScoreJob.RUN_ID));
    }
    assertMetricsDescribe(m, read("delta", out));
    assertEquals("parquet", m.inputFormat());
    String summary = SummaryTable.format(m);
    assertTrue(summary.contains("rows 40") && summary.contains("self_harm") && summary.contains("rows/s"), summary);

    JsonObject json = JsonParser.parseString(Files.readString(work.resolve("scored.metrics.json"))).getAsJsonObject();
    assertEquals(m.runId(), json.get("run_id").getAsString());
    assertEquals(40, json.get("rows").getAsLong());
    assertEquals(5, json.get("null_text_rows").getAsLong());
    assertEquals(10, json.get("empty_text_rows").getAsLong());
    assertEquals(FakeClassifier.INFO.id(), json.get("model").getAsString());
    assertTrue(json.has("flag_rate"));
    assertTrue(json.get("started_at").getAsString().matches("\\d{4}-\\d\\d-\\d\\dT.*"), json.get("started_at").getAsString());
    JsonObject toxic = json.getAsJsonArray("categories").get(0).getAsJsonObject();
    assertEquals("toxic", toxic.get("name").getAsString());
    assertEquals(0.25, toxic.get("threshold").getAsDouble());
    assertEquals(20, toxic.getAsJsonArray("histogram").size());
    assertEquals(m.categories().get(0).flaggedRows(), toxic.get("flagged_rows").getAsLong());

    List<Row> table = read("delta", work.resolve("winnow_metrics")).collectAsList();
    assertEquals(1, table.size());
    Row metricsRow = table.get(0);
    assertEquals(m.runId(), metricsRow.getAs("run_id"));
    assertEquals(40L, (long) metricsRow.<Long>getAs("rows"));
    assertEquals(m.tokens(), (long) metricsRow.<Long>getAs("tokens"));
    List<Row> categories = metricsRow.getList(metricsRow.fieldIndex("categories"));
    assertEquals(List.of("toxic", "self_harm", "hate_speech"),
        categories.stream().map(c -> c.<String>getAs("name")).toList());
    assertEquals(m.categories().get(1).histogram(), categories.get(1).getList(categories.get(1).fieldIndex("histogram")));
  }

  /** Metrics agree with the scored rows they were computed from. */
  private static void assertMetricsDescribe(RunMetrics m, Dataset<Row> output) {
    List<Row> rows = output.filter(output.col(ScoreJob.RUN_ID).equalTo(m.runId())).collectAsList();
    long scored = rows.stream().filter(r -> r.getAs("skip_reason") == null).count();
    assertEquals(rows.size(), m.rows());
    assertEquals(scored, m.scoredRows());
    assertEquals(rows.stream().mapToLong(r -> r.<Integer>getAs("n_tokens")).sum(), m.tokens());
    assertEquals(rows.stream().filter(r -> r.<Boolean>getAs("truncated")).count(), m.truncatedRows());
    assertTrue(m.truncatedRows() > 0);
    assertEquals((double) rows.stream().filter(r -> r.<Boolean>getAs("flagged")).count() / scored, m.flagRate(), 1e-9);
    assertTrue(m.rowsPerSecond() > 0 && m.tokensPerSecond() > 0 && m.wallSeconds() > 0);
    assertFalse(m.finishedAt().isBefore(m.startedAt()));
    for (CategoryMetrics c : m.categories()) {
      double[] scores = rows.stream().filter(r -> r.getAs(c.column()) != null)
          .mapToDouble(r -> r.<Float>getAs(c.column())).toArray();
      assertEquals(scores.length, c.scoredRows());
      assertEquals(Arrays.stream(scores).average().orElseThrow(), c.mean(), 1e-6, c.name());
      assertTrue(c.p50() <= c.p90() && c.p90() <= c.p99() && c.p99() <= 1.0, c.toString());
      long flagged = rows.stream().filter(r -> r.getList(r.fieldIndex("flags")).contains(c.name())).count();
      assertEquals(flagged, c.flaggedRows(), c.name());
      assertEquals((double) flagged / scores.length, c.flagRate(), 1e-9);
      assertEquals(CategoryMetrics.BINS, c.histogram().size());
      assertEquals(scores.length, c.histogram().stream().mapToLong(Long::longValue).sum(), c.name());
      for (double s : scores) {
        int bin = Math.min(19, (int) Math.floor(s * 20));
        assertTrue(c.histogram().get(bin) > 0);
      }
    }
  }

  @Test
  void deltaInputToPartitionedParquet() {
    Path out = work.resolve("parquet_out");
    Path metricsTable = work.resolve("history");
    RunMetrics m = run(config("input.path = \"" + deltaInput + "\"\n"
        + "output { path = \"" + out + "\", format = parquet, partition_by = [flagged] }\n"
        + "metrics { path = \"" + metricsTable + "\", json = \"" + work.resolve("m.json") + "\" }"));
    assertEquals("delta", m.inputFormat());
    assertTrue(Files.isDirectory(out.resolve("flagged=true")) && Files.isDirectory(out.resolve("flagged=false")));
    List<Row> rows = read("parquet", out).collectAsList();
    assertEquals(40, rows.size());
    ScoredRows.assertMatchDirectClassify(rows, "text", "score_", OPTIONS, THRESHOLDS);
    assertMetricsDescribe(m, read("parquet", out));
    assertEquals(1, read("delta", metricsTable).count());
    assertTrue(Files.isRegularFile(work.resolve("m.json")));
  }

  @Test
  void modeErrorRefusesExistingOutputAndAppendAddsARun() throws IOException {
    Path out = work.resolve("scored");
    String io = "input.path = \"" + parquetInput + "\"\noutput.path = \"" + out + "\"\n";
    RunMetrics first = run(config(io));
    long logEntries = deltaLogSize(out);

    ConfigError refused = assertThrows(ConfigError.class, () -> run(config(io)));
    assertEquals("output.path", refused.key());
    assertTrue(refused.getMessage().contains(out.toString()), refused.getMessage());
    assertEquals(logEntries, deltaLogSize(out), "nothing written on refusal");
    assertEquals(1, read("delta", work.resolve("winnow_metrics")).count());

    RunMetrics second = run(config(io + "output.mode = append\noutput.run_key = second"));
    assertEquals(80, read("delta", out).count());
    assertEquals(40, second.rows(), "metrics of an appending run count only its own rows");
    assertEquals(first.categories(), second.categories());
    assertMetricsDescribe(second, read("delta", out));
    List<String> runs = read("delta", work.resolve("winnow_metrics")).select("run_id").as(
        Encoders.STRING()).collectAsList();
    assertEquals(List.of(first.runId(), second.runId()).stream().sorted().toList(), runs.stream().sorted().toList());

    run(config(io + "output.mode = overwrite"));
    assertEquals(40, read("delta", out).count());
  }

  @Test
  void aRunKilledBetweenItsCommitAndItsMetricsHasThemRecoveredByARerun() throws IOException {
    Path out = work.resolve("scored");
    String io = "input.path = \"" + parquetInput + "\"\noutput.path = \"" + out + "\"\n";
    RunMetrics first = run(config(io));
    // What a kill right after the output's commit leaves: the table, no metrics JSON, no metrics row.
    Path json = work.resolve("scored.metrics.json");
    Files.delete(json);
    try (Stream<Path> table = Files.walk(work.resolve("winnow_metrics"))) {
      table.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    long logEntries = deltaLogSize(out);

    RunMetrics recovered = assertDoesNotThrow(() -> run(config(io)), "the rerun is not refused");
    assertEquals(RunOutcome.METRICS_RECOVERED, recovered.outcome());
    assertEquals(first.runId(), recovered.runId());
    assertEquals(first.rows(), recovered.rows());
    assertEquals(first.categories(), recovered.categories());
    assertEquals(logEntries, deltaLogSize(out), "nothing rescored or rewritten");
    assertEquals(first.runId(), com.google.gson.JsonParser.parseString(Files.readString(json)).getAsJsonObject()
        .get("run_id").getAsString());
    assertEquals(List.of(first.runId()), read("delta", work.resolve("winnow_metrics")).select("run_id")
        .as(Encoders.STRING()).collectAsList());
    assertTrue(SummaryTable.format(recovered).contains("metrics recovered"), SummaryTable.format(recovered));

    ConfigError refused = assertThrows(ConfigError.class, () -> run(config(io)), "all recorded: refused as before");
    assertEquals("output.path", refused.key());
  }

  @Test
  void progressCountsTheRowsAndTokensScoredAcrossTasks() throws Exception {
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    JobProgress progress = new JobProgress("score", new PrintStream(console, true, StandardCharsets.UTF_8), 3600);
    spark.sparkContext().addSparkListener(progress);
    RunMetrics m;
    try {
      m = run(config("input.path = \"" + parquetInput + "\"\noutput.path = \"" + work.resolve("scored") + "\""));
      spark.sparkContext().listenerBus().waitUntilEmpty();
    } finally {
      spark.sparkContext().removeSparkListener(progress);
      progress.close();
    }
    assertEquals(40, progress.rowsScored(), "every row of every task, once");
    assertEquals(m.tokens(), progress.tokensScored());
    assertEquals(null, progress.line(), "no line once no stage runs");
    assertEquals("2m05s", JobProgress.duration(125));
    assertEquals("1h01m", JobProgress.duration(3660));
  }

  private static long deltaLogSize(Path table) throws IOException {
    try (Stream<Path> files = Files.list(table.resolve("_delta_log"))) {
      return files.count();
    }
  }

  @Test
  void badInputsFailBeforeWritingAnything() throws IOException {
    Path out = work.resolve("never");
    String output = "output.path = \"" + out + "\"\n";
    String parquet = "input.path = \"" + parquetInput + "\"\n";

    ConfigError missing = assertThrows(ConfigError.class,
        () -> run(config(output + "input.path = \"" + work.resolve("nope") + "\"")));
    assertEquals("input.path", missing.key());
    assertTrue(missing.getMessage().contains("nope"));

    Path txt = Files.writeString(work.resolve("posts.txt"), "hello");
    assertEquals("input.format", assertThrows(ConfigError.class,
        () -> run(config(output + "input.path = \"" + txt + "\""))).key());

    ConfigError unknownLabel = assertThrows(ConfigError.class,
        () -> run(config(output + parquet + "thresholds.labels.violence = 0.3")));
    assertTrue(unknownLabel.key().startsWith("thresholds.labels"), unknownLabel.key());
    assertTrue(unknownLabel.getMessage().contains("violence"), unknownLabel.getMessage());

    ConfigError badRef = assertThrows(ConfigError.class,
        () -> run(config(output + parquet + "model.ref = \"models/none\"")));
    assertEquals("model.ref", badRef.key());

    var badColumn = assertThrows(IllegalArgumentException.class,
        () -> run(config(output + parquet + "input.text_column = body")));
    assertTrue(badColumn.getMessage().contains("'body'"), badColumn.getMessage());

    ConfigError badPartition = assertThrows(ConfigError.class,
        () -> run(config(output + parquet + "output.partition_by = [day]")));
    assertEquals("output.partition_by", badPartition.key());

    assertFalse(Files.exists(out));
    assertFalse(Files.exists(work.resolve("winnow_metrics")));
    assertEquals(0, ExecutorModelCache.loads());
  }

  @Test
  void jsonArrayAndCsvInputs() throws IOException {
    Path json = Files.writeString(work.resolve("posts.json"),
        "[{\"id\": 1, \"text\": \"hi!!\"}, {\"id\": 2, \"text\": null}]");
    RunMetrics fromJson = run(config("input.path = \"" + json + "\"\noutput.path = \"" + work.resolve("j") + "\""));
    assertEquals(2, fromJson.rows());
    assertEquals("json", fromJson.inputFormat());
    Path csv = Files.writeString(work.resolve("posts.csv"), "id;text\n1;Hello World\n2;wow!!!!\n3;\n");
    RunMetrics fromCsv = run(config("input { path = \"" + csv + "\", csv.sep = \";\" }\noutput.path = \""
        + work.resolve("c") + "\""));
    assertEquals(3, fromCsv.rows());
    assertEquals(1.0, fromCsv.categories().get(0).p99());
  }

  @Test
  void commandLineErrorsExitWithTwoAndAMessage() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
    PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
    assertEquals(0, ScoreJob.execute(new String[] {"--help"}, outStream, errStream));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("--config"));
    assertEquals(2, ScoreJob.execute(new String[] {"--config", work.resolve("x.conf").toString()}, outStream, errStream));
    assertEquals(2, ScoreJob.execute(
        new String[] {"input.path=x", "output.path=y", "model.ref=x", "output.mode=never"}, outStream, errStream));
    String errors = err.toString(StandardCharsets.UTF_8);
    assertTrue(errors.contains("x.conf") && errors.contains("output.mode"), errors);
    assertEquals("true", System.getProperty("ai.djl.offline"));
  }
}
