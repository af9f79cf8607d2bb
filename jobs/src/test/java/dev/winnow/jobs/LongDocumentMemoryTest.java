package dev.winnow.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.winnow.jobs.testing.ChildJvm;
import dev.winnow.runtime.testing.CheckpointFixtures;
import dev.winnow.runtime.testing.CheckpointFixtures.Architecture;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Very long documents are scored within a small fixed heap: a 768 MB JVM scores eight 10 MB
 * documents (chunked, 16 windows each). Tokenizing each whole document would take about a
 * gigabyte of token arrays; the character budget cuts each to what its windows can hold first.
 */
class LongDocumentMemoryTest {

  private static final int DOCUMENTS = 8;
  private static final int DOCUMENT_CHARS = 10 * 1024 * 1024;

  @TempDir Path work;

  @Test
  void tenMegabyteDocumentsFitInASmallHeap() throws Exception {
    Path model = CheckpointFixtures.sequenceClassifier(
        work.resolve("model"), Architecture.BERT, List.of("toxic"), "multi_label_classification", 5);
    Path input = work.resolve("long.jsonl");
    String words = "lorem ipsum dolor sit amet ".repeat(DOCUMENT_CHARS / 27);
    try (BufferedWriter out = Files.newBufferedWriter(input, StandardCharsets.UTF_8)) {
      for (int i = 0; i < DOCUMENTS; i++) {
        out.write("{\"id\": " + i + ", \"text\": \"" + i + " " + words + "\"}\n");
      }
      out.write("{\"id\": 99, \"text\": \"a short one\"}\n");
    }
    ChildJvm.Result run = new ChildJvm(List.of(), "768m", Map.of()).run(work, Duration.ofMinutes(8),
        ScoreJob.class.getName(), "input.path=" + input, "input.id_column=id", "output.path=" + work.resolve("scored"),
        "model.ref=" + model, "model.long_text=chunk", "model.stride=8", "model.max_windows=16", "model.rows_per_chunk=4");
    assertEquals(0, run.exitCode(), ChildJvm.tail(run.all()));
    JsonObject metrics = JsonParser.parseString(Files.readString(work.resolve("scored.metrics.json"))).getAsJsonObject();
    assertEquals(DOCUMENTS + 1, metrics.get("scored_rows").getAsLong());
    assertEquals(DOCUMENTS, metrics.get("truncated_rows").getAsLong());
  }
}
