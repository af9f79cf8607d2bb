package dev.winnow.runtime.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winnow.runtime.InferenceOptions;
import dev.winnow.runtime.LongTextPolicy;
import dev.winnow.runtime.Models;
import dev.winnow.runtime.TextClassifier;
import dev.winnow.runtime.TextScore;
import dev.winnow.runtime.WindowAggregation;
import dev.winnow.runtime.testing.CheckpointFixtures;
import dev.winnow.runtime.testing.CheckpointFixtures.Architecture;
import dev.winnow.runtime.text.TextTokenizer;
import dev.winnow.runtime.text.TokenizedText;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Property test over seeded random Unicode: whatever a corpus holds (lone surrogates, NUL and
 * other control characters, combining marks, right-to-left text, emoji ZWJ sequences, very long
 * runs), tokenizing and scoring never throw, scores are finite and in [0, 1], and a text's score
 * depends neither on the call nor on its batch mates.
 */
class UnicodeFuzzTest {

  private static final long SEED = 20261123L;
  private static final int TEXTS = 300;

  @TempDir static Path dir;
  static Path checkpoint;

  @BeforeAll
  static void writeCheckpoint() {
    checkpoint = CheckpointFixtures.sequenceClassifier(
        dir.resolve("bert"), Architecture.BERT, List.of("a", "b", "c"), "multi_label_classification", 11);
  }

  /** Pieces random texts are glued from: each a case a tokenizer has been known to trip on. */
  private static final String[] PIECES = {
    "\uD800", "\uDFFF", "\uDC00\uD800", "\u0000", "\u0007", "\u001B[31m", "\r\n", "\t", "\u2028",
    "e\u0301\u0302\u0303", "\u0915\u094D\u0937", "\u05E9\u05DC\u05D5\u05DD", "\u202E\u0645\u0631\u062D\u0628\u0627",
    "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67", "\uD83C\uDFF3\uFE0F\u200D\uD83C\uDF08", "\uD83D\uDC4D\uD83C\uDFFD",
    "\uFEFF", "\u200B", "\uFFFD", "\uFFFF", "\uE000", "\uDB40\uDC01", "\uD835\uDD04", "\u4F60\u597D", "\u3053\u3093",
    "\uAC00\uB098", "ǅ", "ﬁ", "Ⅻ", "hello", "world", " ", "!!!", "http://x.y/?a=%00", "\\u0000", "<script>",
  };

  static List<String> randomTexts(long seed, int count) {
    Random random = new Random(seed);
    List<String> texts = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      StringBuilder s = new StringBuilder();
      int parts = 1 + random.nextInt(i % 10 == 0 ? 400 : 30);
      for (int p = 0; p < parts; p++) {
        switch (random.nextInt(4)) {
          case 0 -> s.append(PIECES[random.nextInt(PIECES.length)]);
          case 1 -> s.append((char) random.nextInt(0x10000));  // any UTF-16 unit, halves of pairs included
          case 2 -> s.appendCodePoint(random.nextInt(Character.MAX_CODE_POINT + 1));
          default -> s.append(PIECES[random.nextInt(PIECES.length)].repeat(1 + random.nextInt(50)));
        }
      }
      texts.add(s.toString());
    }
    return texts;
  }

  @Test
  void tokenizingNeverThrowsAndIsDeterministic() {
    try (TextTokenizer tokenizer = TextTokenizer.fromFile(checkpoint.resolve("tokenizer.json"))) {
      List<String> texts = randomTexts(SEED, TEXTS);
      List<TokenizedText> batch = tokenizer.encodeAll(texts);
      assertEquals(texts.size(), batch.size());
      for (int i = 0; i < texts.size(); i++) {
        TokenizedText alone = tokenizer.encode(texts.get(i));
        assertArrayEquals(alone.ids(), batch.get(i).ids(), "text " + i);
        assertTrue(alone.length() >= 2, "special tokens present for text " + i);
      }
    }
  }

  @Test
  void scoresAreFiniteProbabilitiesIndependentOfBatchMates() {
    List<String> texts = randomTexts(SEED + 1, TEXTS);
    InferenceOptions options = InferenceOptions.DEFAULTS
        .withLongText(LongTextPolicy.CHUNK, 4, 3, WindowAggregation.MAX)
        .withBatchTokens(256);
    try (TextClassifier model = Models.load(checkpoint.toString(), options)) {
      List<TextScore> together = model.classify(texts);
      List<TextScore> again = model.classify(texts);
      assertEquals(texts.size(), together.size());
      for (int i = 0; i < texts.size(); i++) {
        TextScore score = together.get(i);
        if (texts.get(i).isBlank()) {
          assertEquals(TextScore.EMPTY_TEXT, score.skipReason(), "text " + i);
          continue;
        }
        assertTrue(score.scored(), "text " + i);
        for (float s : score.scores()) {
          assertTrue(Float.isFinite(s) && s >= 0f && s <= 1f, "score " + s + " of text " + i);
        }
        assertArrayEquals(score.scores(), again.get(i).scores(), "same call, same scores: text " + i);
        if (i % 10 == 0) {
          TextScore alone = model.classify(List.of(texts.get(i))).get(0);
          assertArrayEquals(alone.scores(), score.scores(), 1e-5f, "alone vs in batch: text " + i);
          assertEquals(alone.tokens(), score.tokens());
        }
      }
    }
  }
}
