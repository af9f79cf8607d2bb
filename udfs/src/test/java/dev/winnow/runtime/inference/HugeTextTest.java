package dev.winnow.runtime.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winnow.runtime.InferenceOptions;
import dev.winnow.runtime.LongTextPolicy;
import dev.winnow.runtime.Models;
import dev.winnow.runtime.TextClassifier;
import dev.winnow.runtime.TextScore;
import dev.winnow.runtime.WindowAggregation;
import dev.winnow.runtime.testing.CheckpointFixtures;
import dev.winnow.runtime.testing.CheckpointFixtures.Architecture;
import dev.winnow.runtime.text.CharBudget;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A 10 MB text is scored like its head: only what the windows can hold reaches the tokenizer. */
class HugeTextTest {

  private static final int TEN_MB = 10 * 1024 * 1024;

  @TempDir static Path dir;
  static Path checkpoint;

  @BeforeAll
  static void writeCheckpoint() {
    checkpoint = CheckpointFixtures.sequenceClassifier(
        dir.resolve("bert"), Architecture.BERT, List.of("a", "b"), "multi_label_classification", 7);
  }

  @Test
  void tenMegabyteTextIsScoredOnItsHeadAndMarkedTruncated() {
    String huge = "word ".repeat(TEN_MB / 5);
    InferenceOptions chunking = InferenceOptions.DEFAULTS.withLongText(LongTextPolicy.CHUNK, 4, 5, WindowAggregation.MAX);
    for (InferenceOptions options : List.of(InferenceOptions.DEFAULTS, chunking)) {
      try (TextClassifier model = Models.load(checkpoint.toString(), options)) {
        int windows = options.longText() == LongTextPolicy.CHUNK ? 5 : 1;
        int budget = CharBudget.forTokens((long) CheckpointFixtures.MAX_POSITIONS * windows).maxChars();
        TextScore score = model.classify(List.of(huge, "short text")).get(0);
        assertTrue(score.truncated());
        assertEquals(windows, score.windows());
        // Tokens counted are those the model ran (full windows), not the 2 million of the whole
        // text nor the head the tokenizer saw.
        assertEquals(windows * CheckpointFixtures.MAX_POSITIONS, score.tokens(), options.longText().name());
        TextScore head = model.classify(List.of(huge.substring(0, budget))).get(0);
        assertArrayEquals(head.scores(), score.scores(), 1e-6f);
      }
    }
  }

  @Test
  void textsWithinTheBudgetAreUntouched() {
    try (TextClassifier model = Models.load(checkpoint.toString(), InferenceOptions.DEFAULTS)) {
      TextScore small = model.classify(List.of("a few words")).get(0);
      assertFalse(small.truncated());
      assertEquals(5, small.tokens());
    }
  }
}
