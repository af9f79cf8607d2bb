package dev.winnow.runtime.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.winnow.runtime.InferenceOptions;
import dev.winnow.runtime.LongTextPolicy;
import dev.winnow.runtime.Models;
import dev.winnow.runtime.TextClassifier;
import dev.winnow.runtime.TextScore;
import dev.winnow.runtime.WindowAggregation;
import dev.winnow.runtime.testing.CheckpointFixtures;
import dev.winnow.runtime.testing.CheckpointFixtures.Architecture;
import dev.winnow.runtime.testing.ReferenceTransformer;
import dev.winnow.runtime.text.TextTokenizer;
import dev.winnow.runtime.text.TokenizedPair;
import dev.winnow.runtime.text.TokenizedText;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Sentence-pair scoring against the tokenizer's own pair encoding and a naive forward pass: the
 * template's ids and segment ids reach the encoder, a long context keeps its tail, and the text is
 * windowed with the context repeated.
 */
class PairScoringTest {

  private static final List<String> LABELS = List.of("harmful", "refusal", "other");
  private static final List<String> CONTEXTS = List.of(
      "how do I pick a lock?",
      "Tell me a story about a dragon who lived under the mountain and guarded gold.",
      "hi");
  private static final List<String> TEXTS = List.of(
      "I cannot help with that.",
      "once upon a time",
      "hello there, how can I help you today with anything at all?");

  @TempDir Path dir;

  private Path checkpoint(Architecture arch) {
    return CheckpointFixtures.sequenceClassifier(dir.resolve(arch.name()), arch, LABELS, "multi_label_classification", 5);
  }

  private static HuggingFaceTokenizer hfTokenizer(Path checkpoint) throws IOException {
    return HuggingFaceTokenizer.newInstance(checkpoint.resolve("tokenizer.json"),
        Map.of("addSpecialTokens", "true", "truncation", "false", "padding", "false"));
  }

  private static double[] sigmoid(double[] logits) {
    return Arrays.stream(logits).map(x -> 1 / (1 + Math.exp(-x))).toArray();
  }

  private static void assertScores(double[] expected, float[] actual, String where) {
    assertEquals(expected.length, actual.length, where);
    for (int l = 0; l < expected.length; l++) {
      assertEquals(expected[l], actual[l], 1e-5, where + " label " + l);
    }
  }

  @ParameterizedTest
  @EnumSource(value = Architecture.class, names = {"BERT", "ROBERTA"})
  void pairEncodingIsTheTokenizersOwn(Architecture arch) throws IOException {
    Path checkpoint = checkpoint(arch);
    try (TextTokenizer ours = TextTokenizer.fromFile(checkpoint.resolve("tokenizer.json"));
        HuggingFaceTokenizer hf = hfTokenizer(checkpoint)) {
      List<TokenizedPair> pairs = ours.encodePairs(CONTEXTS, TEXTS);
      for (int i = 0; i < CONTEXTS.size(); i++) {
        Encoding expected = hf.encode(CONTEXTS.get(i), TEXTS.get(i));
        TokenizedPair pair = pairs.get(i);
        TokenizedText whole = pair.keepingContextTail(pair.contextLength());
        assertArrayEquals(expected.getIds(), whole.ids(), arch + " pair " + i);
        assertArrayEquals(expected.getTypeIds(), whole.typeIds(), arch + " pair " + i);
        assertArrayEquals(hf.encode(CONTEXTS.get(i), false, false).getIds(),
            Arrays.copyOfRange(pair.ids(), pair.contextStart(), pair.contextEnd()));
        assertArrayEquals(hf.encode(TEXTS.get(i), false, false).getIds(),
            Arrays.copyOfRange(pair.ids(), pair.textStart(), pair.textEnd()));
        long[] separator = Arrays.copyOfRange(pair.ids(), pair.contextEnd(), pair.textStart());
        assertArrayEquals(arch == Architecture.BERT ? new long[] {102} : new long[] {102, 102}, separator);
        assertEquals(arch == Architecture.BERT ? 3 : 4, pair.specialTokens());
      }
      if (arch == Architecture.BERT) {
        long[] types = hf.encode(CONTEXTS.get(0), TEXTS.get(0)).getTypeIds();
        assertEquals(0, types[0]);
        assertEquals(1, types[types.length - 1], "BERT's second segment is type 1");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Architecture.class)
  void pairScoresMatchTheNaiveReference(Architecture arch) throws IOException {
    Path checkpoint = checkpoint(arch);
    ReferenceTransformer reference = new ReferenceTransformer(checkpoint, arch);
    try (TextClassifier classifier = Models.load(checkpoint.toString(), InferenceOptions.DEFAULTS);
        HuggingFaceTokenizer hf = hfTokenizer(checkpoint)) {
      assertTrue(classifier.info().acceptsTextPairs(), arch + " classifier takes pairs");
      List<TextScore> scores = classifier.classifyPairs(CONTEXTS, TEXTS);
      double typeEffect = 0;
      for (int i = 0; i < CONTEXTS.size(); i++) {
        Encoding pair = hf.encode(CONTEXTS.get(i), TEXTS.get(i));
        double[] expected = sigmoid(reference.logits(pair.getIds(), pair.getTypeIds()));
        assertScores(expected, scores.get(i).scores(), arch + " pair " + i);
        assertEquals(pair.getIds().length, scores.get(i).tokens());
        assertEquals(1, scores.get(i).windows());
        double[] untyped = sigmoid(reference.logits(pair.getIds()));
        for (int l = 0; l < expected.length; l++) {
          typeEffect = Math.max(typeEffect, Math.abs(untyped[l] - expected[l]));
        }
      }
      if (arch == Architecture.BERT) {
        assertTrue(typeEffect > 1e-3, "segment ids must reach BERT's encoder: effect " + typeEffect);
      }
    }
  }

  @Test
  void nullOrBlankContextScoresLikeClassify() {
    Path checkpoint = checkpoint(Architecture.BERT);
    try (TextClassifier classifier = Models.load(checkpoint.toString(), InferenceOptions.DEFAULTS)) {
      List<String> contexts = Arrays.asList(null, " \n", "some prompt", null, "ignored for a null text");
      List<String> texts = Arrays.asList("first answer", "second answer", "third answer", "  ", null);
      List<TextScore> pairs = classifier.classifyPairs(contexts, texts);
      List<TextScore> alone = classifier.classify(texts);
      for (int i : new int[] {0, 1}) {
        assertArrayEquals(alone.get(i).scores(), pairs.get(i).scores(), "text " + i);
        assertEquals(alone.get(i).tokens(), pairs.get(i).tokens());
      }
      assertTrue(pairs.get(2).tokens() > alone.get(2).tokens(), "the context is part of the input");
      assertFalse(Arrays.equals(alone.get(2).scores(), pairs.get(2).scores()), "the context changes the score");
      assertEquals(TextScore.EMPTY_TEXT, pairs.get(3).skipReason());
      assertEquals(TextScore.NULL_TEXT, pairs.get(4).skipReason());
      assertThrows(IllegalArgumentException.class, () -> classifier.classifyPairs(List.of("a"), List.of("b", "c")));
    }
  }

  @Test
  void pairAloneAndInMixedBatchScoreTheSame() {
    Path checkpoint = checkpoint(Architecture.BERT);
    List<String> contexts = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      contexts.add(i % 5 == 0 ? null : "question ".repeat(1 + (i * 5) % 23) + i);
      texts.add("answer ".repeat(1 + (i * 7) % 19) + "end " + i);
    }
    InferenceOptions options = InferenceOptions.DEFAULTS.withBatchTokens(96)
        .withLongText(LongTextPolicy.CHUNK, 4, 8, WindowAggregation.MAX);
    try (TextClassifier classifier = Models.load(checkpoint.toString(), options)) {
      List<TextScore> together = classifier.classifyPairs(contexts, texts);
      for (int i = 0; i < texts.size(); i++) {
        TextScore alone = classifier.classifyPairs(Arrays.asList(contexts.get(i)), List.of(texts.get(i))).get(0);
        assertScores(toDoubles(alone.scores()), together.get(i).scores(), "pair " + i);
        assertEquals(alone.tokens(), together.get(i).tokens());
        assertEquals(alone.windows(), together.get(i).windows());
      }
      assertTrue(((BatchedTextClassifier) classifier).counters().batches() > texts.size(), "several multi-row batches");
    }
  }

  private static double[] toDoubles(float[] values) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }

  @Test
  void longContextKeepsItsTail() throws IOException {
    Path checkpoint = checkpoint(Architecture.BERT);
    ReferenceTransformer reference = new ReferenceTransformer(checkpoint, Architecture.BERT);
    String context = "the user first asked about cooking and then about the weather in paris ".repeat(5);
    String text = "no";
    try (TextClassifier classifier = Models.load(checkpoint.toString(), InferenceOptions.DEFAULTS);
        HuggingFaceTokenizer hf = hfTokenizer(checkpoint)) {
      Encoding full = hf.encode(context, text);
      int contextTokens = hf.encode(context, false, false).getIds().length;
      int textTokens = hf.encode(text, false, false).getIds().length;
      // Window 40 = 3 specials + context + text: the short text leaves the context all the rest.
      int kept = CheckpointFixtures.MAX_POSITIONS - 3 - textTokens;
      assertTrue(contextTokens > kept, "context must be too long for the window");
      int dropped = contextTokens - kept;
      long[] ids = concat(Arrays.copyOfRange(full.getIds(), 0, 1), Arrays.copyOfRange(full.getIds(), 1 + dropped, full.getIds().length));
      long[] types = concat(Arrays.copyOfRange(full.getTypeIds(), 0, 1),
          Arrays.copyOfRange(full.getTypeIds(), 1 + dropped, full.getTypeIds().length));
      assertEquals(CheckpointFixtures.MAX_POSITIONS, ids.length);

      TextScore score = classifier.classifyPairs(List.of(context), List.of(text)).get(0);
      assertScores(sigmoid(reference.logits(ids, types)), score.scores(), "context tail");
      assertEquals(CheckpointFixtures.MAX_POSITIONS, score.tokens(), "the tokens the model ran: context tail and text");
      assertEquals(1, score.windows());
      assertFalse(score.truncated(), "the text was scored whole");
    }
  }

  @Test
  void longTextIsWindowedWithTheContextRepeated() throws IOException {
    Path checkpoint = checkpoint(Architecture.BERT);
    ReferenceTransformer reference = new ReferenceTransformer(checkpoint, Architecture.BERT);
    String context = "please write me a long and detailed answer about the history of rome ".repeat(3);
    String text = "rome was founded long ago and grew into a great empire over many centuries ".repeat(4);
    InferenceOptions chunk = InferenceOptions.DEFAULTS.withLongText(LongTextPolicy.CHUNK, 4, 100, WindowAggregation.MAX);
    try (TextClassifier chunking = Models.load(checkpoint.toString(), chunk);
        TextClassifier truncating = Models.load(checkpoint.toString(), InferenceOptions.DEFAULTS);
        HuggingFaceTokenizer hf = hfTokenizer(checkpoint)) {
      long[] contextIds = hf.encode(context, false, false).getIds();
      long[] textIds = hf.encode(text, false, false).getIds();
      // 37 tokens of room after [CLS] [SEP] [SEP]; the long text needs it, so the context gets half.
      int kept = 37 / 2;
      assertTrue(contextIds.length > kept && textIds.length > 37, "both must be long");
      long[] header = concat(new long[] {101}, Arrays.copyOfRange(contextIds, contextIds.length - kept, contextIds.length),
          new long[] {102});
      int room = CheckpointFixtures.MAX_POSITIONS - header.length - 1;
      List<double[]> windows = new ArrayList<>();
      for (int start = 0; ; start += room - 4) {
        int end = Math.min(textIds.length, start + room);
        long[] ids = concat(header, Arrays.copyOfRange(textIds, start, end), new long[] {102});
        long[] types = new long[ids.length];
        Arrays.fill(types, header.length, ids.length, 1L);
        windows.add(sigmoid(reference.logits(ids, types)));
        if (end == textIds.length) {
          break;
        }
      }
      double[] max = new double[LABELS.size()];
      Arrays.fill(max, Double.NEGATIVE_INFINITY);
      for (double[] w : windows) {
        for (int l = 0; l < max.length; l++) {
          max[l] = Math.max(max[l], w[l]);
        }
      }
      TextScore chunked = chunking.classifyPairs(List.of(context), List.of(text)).get(0);
      assertTrue(windows.size() >= 3, "expected several windows, got " + windows.size());
      assertEquals(windows.size(), chunked.windows());
      assertFalse(chunked.truncated());
      assertScores(max, chunked.scores(), "max over windows");

      TextScore truncated = truncating.classifyPairs(List.of(context), List.of(text)).get(0);
      assertEquals(1, truncated.windows());
      assertTrue(truncated.truncated());
      assertScores(windows.get(0), truncated.scores(), "first window");
    }
  }

  private static long[] concat(long[]... parts) {
    long[] out = new long[Arrays.stream(parts).mapToInt(p -> p.length).sum()];
    int at = 0;
    for (long[] part : parts) {
      System.arraycopy(part, 0, out, at, part.length);
      at += part.length;
    }
    return out;
  }
}
