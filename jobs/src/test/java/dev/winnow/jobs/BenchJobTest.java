package dev.winnow.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/winnow bench} end to end on a tiny corpus: every mode in its own JVM on the real
 * built-in model, as users run it. Times are not checked, only that every mode measured something
 * and said on what it ran (the Spark mode once read an empty model's counters, found by hand).
 */
class BenchJobTest {

  private static final int ROWS = 16;
  private static final int SCALE = 2;
  private static final int PER_ROW_ROWS = 4;

  @TempDir Path dir;

  @Test
  void everyModeMeasuresTheCorpusAndSaysOnWhatItRan() throws IOException {
    Path output = dir.resolve("bench");
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    int code = BenchJob.execute(new String[] {
        "corpus.rows=" + ROWS, "corpus.scale=" + SCALE, "corpus.files=2", "corpus.median_words=12",
        "corpus.max_words=40",
        "per_row_rows=" + PER_ROW_ROWS, "warmup_rows=4", "threads=1", "spark.cores=2",
        "modes=[spark, runtime, onnx, per_row]", "scaled_modes=[spark]", "output.path=" + output},
        new PrintStream(printed, true, StandardCharsets.UTF_8), new PrintStream(errors, true, StandardCharsets.UTF_8));
    String table = printed.toString(StandardCharsets.UTF_8);
    assertEquals(0, code, table + errors.toString(StandardCharsets.UTF_8));
    assertTrue(table.contains("model: builtin:winnow-safety (spark, runtime, per_row); e5-small-v2.onnx (onnx)"),
        table);

    JsonObject json = JsonParser.parseString(Files.readString(output.resolve("bench.json"))).getAsJsonObject();
    assertTrue(json.getAsJsonObject("machine").get("cores").getAsInt() > 0, json.toString());
    Map<String, JsonObject> runs = new TreeMap<>();
    json.getAsJsonArray("results").forEach(element -> {
      JsonObject run = element.getAsJsonObject();
      runs.put(run.get("mode").getAsString() + "@" + run.get("rows").getAsInt(), run);
    });
    assertEquals(List.of("onnx@16", "per_row@4", "runtime@16", "spark@16", "spark@32"), new ArrayList<>(runs.keySet()));
    runs.forEach((run, result) -> {
      assertTrue(result.get("real_tokens").getAsLong() > result.get("rows").getAsLong(), run + ": " + result);
      assertTrue(result.get("seconds").getAsDouble() > 0, run + ": " + result);
      assertTrue(result.get("tokens_per_second").getAsDouble() > 0, run + ": " + result);
      double padding = result.get("padding_efficiency").getAsDouble();
      assertTrue(padding > 0 && padding <= 1, run + ": " + result);
      assertEquals("cpu", result.get("device").getAsString(), run + ": auto resolved as the tasks resolve it");
      assertEquals("fp32", result.get("precision").getAsString(), run);
    });
    assertEquals("builtin:winnow-safety", runs.get("spark@32").get("model").getAsString());

    List<String> ratios = new ArrayList<>();
    json.getAsJsonArray("ratios").forEach(element -> {
      JsonObject ratio = element.getAsJsonObject();
      assertTrue(ratio.get("value").getAsDouble() > 0, ratio.toString());
      ratios.add(ratio.get("name").getAsString());
    });
    assertEquals(List.of("spark / runtime", "spark / onnx", "spark / per_row", "padding efficiency (spark)",
        "time 2N / N (spark)"), ratios);
  }
}
