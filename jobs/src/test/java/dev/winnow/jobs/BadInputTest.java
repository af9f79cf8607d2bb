package dev.winnow.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.winnow.jobs.config.ConfigError;
import dev.winnow.jobs.config.ScoreConfig;
import dev.winnow.jobs.metrics.RunMetrics;
import dev.winnow.jobs.metrics.SummaryTable;
import dev.winnow.jobs.testing.DeltaTestSpark;
import dev.winnow.spark.testing.FakeFactory;
import dev.winnow.spark.testing.TestSpark;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inputs a nightly job meets: corrupt files among good ones, text columns of the wrong type. */
class BadInputTest {

  @TempDir Path work;

  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = DeltaTestSpark.start("BadInputTest");
  }

  @AfterAll
  static void stop() {
    TestSpark.stop(spark);
  }

  private RunMetrics run(Path input, String more) {
    return ScoreJob.run(ScoreConfig.parse("model.ref = \"test:fake\"\ninput.path = \"" + input + "\"\n"
        + "output.path = \"" + work.resolve("out") + "\"\n" + more), spark, new FakeFactory());
  }

  /** Forty good rows in eight files, then garbage and a file cut short by a failed upload. */
  private Path corpusWithCorruptFiles() throws IOException {
    Path dir = work.resolve("corpus");
    spark.range(40).selectExpr("id", "concat('text ', id) AS text").repartition(8).write().parquet(dir.toString());
    byte[] garbage = new byte[4096];
    new Random(1).nextBytes(garbage);
    Files.write(dir.resolve("part-99998-garbage.parquet"), garbage);
    Path good;
    try (Stream<Path> files = Files.list(dir)) {
      good = files.filter(p -> p.getFileName().toString().startsWith("part-0")).findFirst().orElseThrow();
    }
    byte[] bytes = Files.readAllBytes(good);
    Files.write(dir.resolve("part-99999-truncated.parquet"), Arrays.copyOf(bytes, bytes.length / 2));
    return dir;
  }

  @Test
  void corruptParquetFilesAreNamedBeforeAnyWork() throws IOException {
    Path corpus = corpusWithCorruptFiles();
    ConfigError e = assertThrows(ConfigError.class, () -> run(corpus, ""));
    assertEquals("input.path", e.key());
    assertTrue(e.getMessage().contains("part-99998-garbage.parquet")
        && e.getMessage().contains("part-99999-truncated.parquet")
        && e.getMessage().contains("input.ignore_corrupt_files"), e.getMessage());
    assertFalse(Files.exists(work.resolve("out")), "nothing written");
  }

  @Test
  void optInSkipsCorruptFilesAndListsThemInTheMetrics() throws IOException {
    Path corpus = corpusWithCorruptFiles();
    RunMetrics m = run(corpus, "input.ignore_corrupt_files = true");
    assertEquals(40, m.rows(), "every row of the good files, none lost");
    assertEquals(2, m.skippedFiles().size());
    assertTrue(m.skippedFiles().stream().anyMatch(p -> p.endsWith("part-99998-garbage.parquet")), m.skippedFiles().toString());
    assertTrue(SummaryTable.format(m).contains("skipped 2 unreadable input file(s)"));
    JsonObject json = JsonParser.parseString(Files.readString(work.resolve("out.metrics.json"))).getAsJsonObject();
    assertEquals(2, json.getAsJsonArray("skipped_files").size());
    assertEquals(2L, spark.read().format("delta").load(work.resolve("winnow_metrics").toString())
        .selectExpr("size(skipped_files)").first().getInt(0));
  }

  @Test
  void ignoringCorruptFilesIsForParquetOnly() throws IOException {
    Path jsonl = Files.writeString(work.resolve("posts.jsonl"), "{\"text\": \"hi\"}\n");
    ConfigError e = assertThrows(ConfigError.class, () -> run(jsonl, "input.ignore_corrupt_files = true"));
    assertEquals("input.ignore_corrupt_files", e.key());
  }

  @Test
  void windowSettingsAreCheckedAgainstTheModelBeforeAnyWork() throws IOException {
    Path jsonl = Files.writeString(work.resolve("posts.jsonl"), "{\"text\": \"hi\"}\n");
    // The fake model takes 512 tokens.
    ConfigError stride = assertThrows(ConfigError.class,
        () -> run(jsonl, "model { long_text = chunk, stride = 510 }"));
    assertEquals("model.stride", stride.key());
    assertTrue(stride.getMessage().contains("512"), stride.getMessage());
    assertEquals("model.max_tokens",
        assertThrows(ConfigError.class, () -> run(jsonl, "model.max_tokens = 1024")).key());
    assertFalse(Files.exists(work.resolve("out")));
  }

  @Test
  void aTextColumnThatIsNotAStringFailsAtPlanTimeNamingItsType() {
    Path typed = work.resolve("typed");
    spark.range(3).selectExpr("id", "named_struct('body', 'hi') AS s", "array('a', 'b') AS a", "id AS n")
        .write().parquet(typed.toString());
    for (String column : List.of("s", "a", "n")) {
      var e = assertThrows(IllegalArgumentException.class, () -> run(typed, "input.text_column = " + column));
      String type = spark.read().parquet(typed.toString()).schema().apply(column).dataType().simpleString();
      assertTrue(e.getMessage().contains("'" + column + "'") && e.getMessage().contains(type)
          && e.getMessage().contains(typed.toString()), e.getMessage());
    }
    var missing = assertThrows(IllegalArgumentException.class, () -> run(typed, "input.text_column = body"));
    assertTrue(missing.getMessage().contains("[id, s, a, n]"), missing.getMessage());
    assertFalse(Files.exists(work.resolve("out")));
  }

  /** Three good lines, a line cut short and a line that is not UTF-8: what a failed export leaves. */
  private Path jsonLinesWithMalformedLines() throws IOException {
    Path file = work.resolve("posts.jsonl");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes("{\"id\": 1, \"text\": \"first\"}\n{\"id\": 2, \"text\": \"cut sho\n".getBytes(StandardCharsets.UTF_8));
    bytes.writeBytes("{\"id\": 3, \"text\": \"third\"}\n{\"id\": 4, \"text\": \"".getBytes(StandardCharsets.UTF_8));
    bytes.writeBytes(new byte[] {(byte) 0xff, (byte) 0xfe, 'x'});
    bytes.writeBytes("\"}\n\n{\"id\": 5, \"text\": \"fifth\"}\n".getBytes(StandardCharsets.UTF_8));
    Files.write(file, bytes.toByteArray());
    return file;
  }

  @Test
  void malformedJsonLinesFailNamingFileAndLineBeforeAnyWork() throws IOException {
    Path input = jsonLinesWithMalformedLines();
    ConfigError e = assertThrows(ConfigError.class, () -> run(input, "input.id_column = id"));
    assertEquals("input.path", e.key());
    assertTrue(e.getMessage().contains("2 malformed JSON line(s)"), e.getMessage());
    assertTrue(e.getMessage().contains("posts.jsonl:2 (not valid JSON)"), e.getMessage());
    assertTrue(e.getMessage().contains("posts.jsonl:4 (invalid UTF-8)"), e.getMessage());
    assertTrue(e.getMessage().contains("input.skip_malformed_lines"), e.getMessage());
    assertFalse(e.getMessage().contains("cut sho"), "errors never quote texts: " + e.getMessage());
    assertFalse(Files.exists(work.resolve("out")));
  }

  @Test
  void optInSkipsMalformedLinesAndCountsThemWithTheirLines() throws IOException {
    Path input = jsonLinesWithMalformedLines();
    RunMetrics m = run(input, "input { id_column = id, skip_malformed_lines = true }");
    assertEquals(3, m.rows());
    assertEquals(0, m.nullTextRows(), "no row lost its text to a malformed line");
    assertEquals(2, m.malformedRows());
    assertEquals(2, m.malformedLines().size());
    assertTrue(m.malformedLines().get(0).endsWith("posts.jsonl:2 (not valid JSON)"), m.malformedLines().toString());
    assertTrue(m.malformedLines().get(1).endsWith("posts.jsonl:4 (invalid UTF-8)"), m.malformedLines().toString());
    assertTrue(SummaryTable.format(m).contains("skipped 2 malformed input line(s)"), SummaryTable.format(m));

    var out = spark.read().format("delta").load(work.resolve("out").toString());
    assertFalse(Arrays.asList(out.columns()).contains("_corrupt_record"), Arrays.toString(out.columns()));
    assertEquals(0, out.filter("id IS NULL").count(), "no id lost");
    var json = com.google.gson.JsonParser.parseString(Files.readString(work.resolve("out.metrics.json"))).getAsJsonObject();
    assertEquals(2, json.get("malformed_rows").getAsLong());
  }

  @Test
  void anEmptyInputSaysItIsEmpty() throws IOException {
    Path empty = Files.writeString(work.resolve("nothing.jsonl"), "");
    ConfigError e = assertThrows(ConfigError.class, () -> run(empty, ""));
    assertEquals("input.path", e.key());
    assertTrue(e.getMessage().contains("is empty"), e.getMessage());
    assertFalse(e.getMessage().contains("column"), "not a missing column: " + e.getMessage());
  }
}
