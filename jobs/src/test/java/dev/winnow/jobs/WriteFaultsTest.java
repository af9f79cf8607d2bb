package dev.winnow.jobs;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winnow.jobs.config.ConfigError;
import dev.winnow.jobs.config.ScoreConfig;
import dev.winnow.jobs.io.OutputWriter;
import dev.winnow.jobs.metrics.RunMetrics;
import dev.winnow.jobs.testing.DeltaTestSpark;
import dev.winnow.jobs.testing.PoisonFactory;
import dev.winnow.spark.ExecutorModelCache;
import dev.winnow.spark.testing.FakeClassifier;
import dev.winnow.spark.testing.FakeFactory;
import dev.winnow.spark.testing.TestSpark;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
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

/**
 * A job that dies before its commit leaves nothing readable, and reruns never duplicate: appends
 * are idempotent per run (Delta {@code txnAppId}), a rerun after a crash writes where the dead run
 * left uncommitted files.
 */
class WriteFaultsTest {

  private static final StructType INPUT = new StructType()
      .add("id", DataTypes.LongType, false)
      .add("text", DataTypes.StringType, true);
  private static final String POISON = "POISON";

  @TempDir static Path inputs;
  @TempDir Path work;

  private static SparkSession spark;
  private static Path day1;
  private static Path day2;
  private static Path day2Poisoned;

  @BeforeAll
  static void start() {
    spark = DeltaTestSpark.start("WriteFaultsTest");
    day1 = write(corpus(0, null), "day1", "parquet");
    day2 = write(corpus(100, null), "day2", "parquet");
    // The poisoned row alone in the smallest file: with one file per partition (see
    // oneFilePerPartition) Spark schedules it last, after other tasks have written their files.
    List<Row> poisoned = corpus(100, POISON);
    day2Poisoned = write(poisoned.subList(0, 39), "day2_poisoned", "parquet");
    frame(poisoned.subList(39, 40)).coalesce(1).write().mode("append").parquet(day2Poisoned.toString());
  }

  @AfterAll
  static void stop() {
    TestSpark.stop(spark);
  }

  @BeforeEach
  void reset() {
    ExecutorModelCache.closeAll();
    FakeClassifier.resetCounters();
    // Each small input file its own partition, biggest first: the order tasks start in is known.
    spark.conf().set("spark.sql.files.maxPartitionBytes", "4k");
    spark.conf().set("spark.sql.files.openCostInBytes", "4k");
  }

  static List<Row> corpus(long firstId, String lastText) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String text = i == 39 && lastText != null ? lastText : "text number " + (firstId + i) + "!";
      rows.add(RowFactory.create(firstId + i, text));
    }
    return rows;
  }

  static Path write(List<Row> rows, String name, String format) {
    Path path = inputs.resolve(name);
    frame(rows).write().format(format).save(path.toString());
    return path;
  }

  static Dataset<Row> frame(List<Row> rows) {
    return spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, 8), INPUT);
  }

  private ScoreConfig config(Path input, Path output, String more) {
    return ScoreConfig.parse("model.ref = \"test:fake\"\ninput { path = \"" + input + "\", id_column = id }\n"
        + "output.path = \"" + output + "\"\n" + more);
  }

  private static long rows(Path table) {
    return spark.read().format("delta").load(table.toString()).count();
  }

  private static long version(Path table) {
    return OutputWriter.deltaVersion(spark, table.toString());
  }

  private static long dataFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".parquet")).count();
    }
  }

  /** The failure is the poisoned task's (Spark wraps it), not any other exception on the way. */
  private static void assertPoisoned(Exception failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof IllegalStateException && PoisonFactory.MESSAGE.equals(t.getMessage())) {
        return;
      }
    }
    throw new AssertionError("expected the poisoned task's failure", failure);
  }

  @Test
  void aRunDyingBeforeItsCommitLeavesNoTableAndARerunSucceeds() throws IOException {
    Path out = work.resolve("scored");
    // A folder that existed before the run is never removed by its failure (a run removes only a
    // folder it created), so the dying run's files stay: what a killed driver leaves behind.
    Files.createDirectories(out.resolve("_delta_log"));
    assertPoisoned(assertThrows(Exception.class,
        () -> ScoreJob.run(config(day2Poisoned, out, ""), spark, new PoisonFactory(POISON))));
    assertTrue(dataFiles(out) > 0, "other tasks wrote files before the job died");
    assertFalse(DeltaTable.isDeltaTable(spark, out.toString()), "no commit: no table to read");
    assertThrows(Exception.class, () -> spark.read().format("delta").load(out.toString()).count());
    assertFalse(Files.exists(work.resolve("winnow_metrics")), "no metrics for a run that did not commit");

    RunMetrics rerun;
    try (Stream<Path> left = Files.walk(out)) {
      List<String> leftovers = left.map(p -> out.relativize(p).toString()).toList();
      rerun = assertDoesNotThrow(() -> ScoreJob.run(config(day2, out, ""), spark, new FakeFactory()),
          "rerun over " + leftovers);
    }
    assertEquals(40, rerun.rows());
    assertEquals(40, rows(out), "the dead run's files are never read");
    assertEquals(0, version(out));
  }

  @Test
  void aFailedAppendAddsNoVersionAndARerunAfterSuccessAddsNothing() {
    Path out = work.resolve("nightly");
    ScoreJob.run(config(day1, out, ""), spark, new FakeFactory());
    assertEquals(0, version(out));

    String append = "output.mode = append";
    assertPoisoned(assertThrows(Exception.class,
        () -> ScoreJob.run(config(day2Poisoned, out, append), spark, new PoisonFactory(POISON))));
    assertEquals(0, version(out), "the failed append committed nothing");
    assertEquals(40, rows(out));

    RunMetrics first = ScoreJob.run(config(day2, out, append), spark, new FakeFactory());
    assertEquals(1, version(out));
    assertEquals(80, rows(out));
    int scoringCalls = FakeClassifier.CLASSIFY_CALLS.get();

    RunMetrics again = ScoreJob.run(config(day2, out, append), spark, new FakeFactory());
    assertEquals(1, version(out), "the rerun committed nothing");
    assertEquals(80, rows(out), "no duplicates");
    assertEquals(scoringCalls, FakeClassifier.CLASSIFY_CALLS.get(), "Delta skipped the write before scoring");
    assertEquals(first.runId(), again.runId(), "a rerun is the same run");
    assertEquals(40, again.rows());
    assertEquals(2, rows(work.resolve("winnow_metrics")), "one metrics row per run, reruns included");

    ScoreJob.run(config(day2, out, append + "\noutput.run_key = rescore-2"), spark, new FakeFactory());
    assertEquals(120, rows(out), "a new run key is a new run");
  }

  @Test
  void aDeltaInputIsTheSameRunUntilItGainsAVersion() {
    Path input = write(corpus(0, null), "delta_input", "delta");
    Path out = work.resolve("from_delta");
    String append = "output.mode = append";
    ScoreJob.run(config(input, out, append), spark, new FakeFactory());
    ScoreJob.run(config(input, out, append), spark, new FakeFactory());
    assertEquals(40, rows(out));
    frame(corpus(500, null)).write().format("delta").mode("append").save(input.toString());
    ScoreJob.run(config(input, out, append), spark, new FakeFactory());
    assertEquals(120, rows(out), "input version 1 is a new run (all its rows)");
  }

  @Test
  void aParquetRerunAfterAKilledRunWritesWhereOnlyItsTemporaryFilesAre() throws IOException {
    Path out = work.resolve("scored_parquet");
    // What a run killed before its job commit leaves: no _SUCCESS, the committer's _temporary only.
    Path attempt = Files.createDirectories(out.resolve("_temporary/0/_temporary/attempt_202611010000_0001_m_000000_0"));
    Files.write(attempt.resolve("part-00000-dead.snappy.parquet"), new byte[] {1, 2, 3});
    String parquet = "output.format = parquet";

    RunMetrics rerun = assertDoesNotThrow(() -> ScoreJob.run(config(day1, out, parquet), spark, new FakeFactory()));
    assertEquals(40, rerun.rows());
    assertEquals(40, spark.read().parquet(out.toString()).count(), "the dead run's files are gone, not read");
    assertTrue(Files.exists(out.resolve("_SUCCESS")));

    ConfigError again = assertThrows(ConfigError.class,
        () -> ScoreJob.run(config(day1, out, parquet), spark, new FakeFactory()));
    assertEquals("output.path", again.key());
    assertTrue(again.getMessage().contains("overwrite"), again.getMessage());
    assertFalse(again.getMessage().contains("append"), "append cannot work for Parquet: " + again.getMessage());
  }

  @Test
  void anOutputThatIsTheInputOrInsideItIsRefusedNamingBothSettings() {
    Path input = write(corpus(0, null), "overwritten_input", "delta");
    for (Path out : List.of(input, input.resolve("scored"), input.getParent())) {
      ConfigError e = assertThrows(ConfigError.class,
          () -> ScoreJob.run(config(input, out, "output.mode = overwrite"), spark, new FakeFactory()), out.toString());
      assertEquals("output.path", e.key());
      assertTrue(e.getMessage().contains("input.path " + input), e.getMessage());
    }
    assertEquals(40, rows(input), "the input is untouched");
  }

  @Test
  void outputsThatAreNotLeftoversAreNeverOverwrittenSilently() throws IOException {
    Path out = Files.createDirectories(work.resolve("taken"));
    Files.writeString(out.resolve("notes.txt"), "someone else's");
    ConfigError taken = assertThrows(ConfigError.class, () -> ScoreJob.run(config(day1, out, ""), spark, new FakeFactory()));
    assertEquals("output.path", taken.key());
    assertEquals("someone else's", Files.readString(out.resolve("notes.txt")));

    ConfigError parquetAppend = assertThrows(ConfigError.class,
        () -> config(day1, work.resolve("p"), "output { format = parquet, mode = append }"));
    assertEquals("output.mode", parquetAppend.key());
    assertTrue(parquetAppend.getMessage().contains("duplicate"), parquetAppend.getMessage());
    assertEquals("output.run_key",
        assertThrows(ConfigError.class, () -> config(day1, work.resolve("k"), "output.run_key = x")).key());
  }
}
