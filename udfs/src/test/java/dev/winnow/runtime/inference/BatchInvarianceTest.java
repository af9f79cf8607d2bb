package dev.winnow.runtime.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winnow.runtime.InferenceOptions;
import dev.winnow.runtime.LongTextPolicy;
import dev.winnow.runtime.Models;
import dev.winnow.runtime.TextClassifier;
import dev.winnow.runtime.TextScore;
import dev.winnow.runtime.WindowAggregation;
import dev.winnow.runtime.testing.CheckpointFixtures;
import dev.winnow.runtime.testing.CheckpointFixtures.Architecture;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Batching is an implementation detail: a text's scores must not depend on its batch mates. */
class BatchInvarianceTest {

  @TempDir static Path dir;
  static Path checkpoint;

  @BeforeAll
  static void writeCheckpoint() {
    checkpoint = CheckpointFixtures.sequenceClassifier(
        dir.resolve("bert"), Architecture.BERT, List.of("a", "b", "c", "d"), "multi_label_classification", 3);
  }

  private static List<String> mixedTexts() {
    return mixedTexts(40);
  }

  private static List<String> mixedTexts(int count) {
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      texts.add("word ".repeat(1 + (i * 7) % 33) + "end " + i);
    }
    return texts;
  }

  @Test
  void textAloneAndInMixedBatchScoreTheSame() {
    // A small budget forces many batches of different padded lengths.
    InferenceOptions options = InferenceOptions.DEFAULTS.withBatchTokens(96);
    List<String> texts = mixedTexts();
    try (TextClassifier classifier = Models.load(checkpoint.toString(), options)) {
      List<TextScore> together = classifier.classify(texts);
      for (int i = 0; i < texts.size(); i++) {
        TextScore alone = classifier.classify(List.of(texts.get(i))).get(0);
        for (int l = 0; l < 4; l++) {
          assertEquals(alone.scores()[l], together.get(i).scores()[l], 1e-5, "text " + i);
        }
        assertEquals(alone.tokens(), together.get(i).tokens());
      }
      BatchedTextClassifier batched = (BatchedTextClassifier) classifier;
      assertTrue(batched.counters().batches() > texts.size(), "expected several multi-row batches");
    }
  }

  @Test
  void batchesRespectTheTokenBudgetAndPadLittle() {
    InferenceOptions options = InferenceOptions.DEFAULTS.withBatchTokens(1024);
    try (TextClassifier classifier = Models.load(checkpoint.toString(), options)) {
      // A chunk of a partition, lengths spread evenly: sorting keeps batch mates close in length.
      classifier.classify(mixedTexts(600));
      InferenceCounters counters = ((BatchedTextClassifier) classifier).counters();
      assertTrue(counters.paddedTokens() <= 1024L * counters.batches());
      double efficiency = (double) counters.realTokens() / counters.paddedTokens();
      assertTrue(efficiency > 0.9, "padding efficiency " + efficiency);
    }
  }

  @Test
  void nullAndBlankTextsAreSkippedWithReasons() {
    try (TextClassifier classifier = Models.load(checkpoint.toString(), InferenceOptions.DEFAULTS)) {
      List<TextScore> scores = classifier.classify(Arrays.asList(null, "  \n", "fine"));
      assertEquals(TextScore.NULL_TEXT, scores.get(0).skipReason());
      assertEquals(TextScore.EMPTY_TEXT, scores.get(1).skipReason());
      assertNull(scores.get(0).scores());
      assertTrue(scores.get(2).scored());
      assertEquals(0, scores.get(1).windows());
    }
  }

  @Test
  void longTextsAreTruncatedOrChunked() {
    String longText = "alpha beta gamma delta ".repeat(30);
    try (TextClassifier truncating = Models.load(checkpoint.toString(), InferenceOptions.DEFAULTS);
        TextClassifier chunking = Models.load(checkpoint.toString(), InferenceOptions.DEFAULTS
            .withLongText(LongTextPolicy.CHUNK, 8, 100, WindowAggregation.MAX));
        TextClassifier meanChunking = Models.load(checkpoint.toString(), InferenceOptions.DEFAULTS
            .withLongText(LongTextPolicy.CHUNK, 8, 3, WindowAggregation.MEAN))) {
      TextScore truncated = truncating.classify(List.of(longText)).get(0);
      assertEquals(1, truncated.windows());
      assertTrue(truncated.truncated());
      assertEquals(CheckpointFixtures.MAX_POSITIONS, truncated.tokens(), "the tokens of the window the model ran");

      TextScore chunked = chunking.classify(List.of(longText)).get(0);
      // 120 content tokens, 38 per window, stride 8 -> windows start every 30 tokens: 4 windows,
      // of 38, 38, 38 and 30 content tokens plus 2 specials each: what the model ran.
      assertEquals(152, chunked.tokens());
      assertEquals(4, chunked.windows());
      assertFalse(chunked.truncated());
      for (int l = 0; l < 4; l++) {
        assertTrue(chunked.scores()[l] >= truncated.scores()[l] - 1e-6, "max over windows includes the first");
      }

      TextScore capped = meanChunking.classify(List.of(longText)).get(0);
      assertEquals(3, capped.windows());
      assertTrue(capped.truncated(), "window cap drops the tail");
    }
  }
}
