package dev.winnow.runtime.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.winnow.runtime.InferenceOptions;
import dev.winnow.runtime.Models;
import dev.winnow.runtime.TextClassifier;
import dev.winnow.runtime.TextScore;
import dev.winnow.runtime.testing.CheckpointFixtures;
import dev.winnow.runtime.testing.CheckpointFixtures.Architecture;
import dev.winnow.runtime.testing.ReferenceTransformer;
import dev.winnow.runtime.text.TextTokenizer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each supported architecture, loaded from a save_pretrained-style folder and run in padded
 * batches, must agree with a naive unpadded re-implementation of the Hugging Face forward pass.
 */
class TransformerFamiliesTest {

  private static final List<String> TEXTS = List.of(
      "a short one",
      "This sentence is somewhat longer and will be padded less than the short one.",
      "medium length text about nothing",
      "x");

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(Architecture.class)
  void paddedBatchMatchesNaiveReference(Architecture arch) throws Exception {
    assertScoresAreReference(arch, List.of("hate", "violence", "sexual"), "multi_label_classification", 7,
        logits -> Arrays.stream(logits).map(l -> 1 / (1 + Math.exp(-l))).toArray());
  }

  @ParameterizedTest
  @EnumSource(Architecture.class)
  void singleLabelProblemsUseSoftmax(Architecture arch) throws Exception {
    assertScoresAreReference(arch, List.of("safe", "unsafe", "unsure"), "single_label_classification", 11,
        logits -> {
          double max = Arrays.stream(logits).max().orElseThrow();
          double sum = Arrays.stream(logits).map(l -> Math.exp(l - max)).sum();
          return Arrays.stream(logits).map(l -> Math.exp(l - max) / sum).toArray();
        });
  }

  /**
   * Scores {@link #TEXTS} in one padded batch and checks each text against the activation of the
   * reference transformer's logits for that text alone.
   */
  private void assertScoresAreReference(Architecture arch, List<String> labels, String problemType, long seed,
      UnaryOperator<double[]> activation) throws Exception {
    Path checkpoint = CheckpointFixtures.sequenceClassifier(dir.resolve(arch.name()), arch, labels, problemType, seed);
    ReferenceTransformer reference = new ReferenceTransformer(checkpoint, arch);
    try (TextClassifier classifier = Models.load(checkpoint.toString(), InferenceOptions.DEFAULTS);
        TextTokenizer tokenizer = TextTokenizer.fromFile(checkpoint.resolve("tokenizer.json"))) {
      List<TextScore> scores = classifier.classify(TEXTS);
      for (int i = 0; i < TEXTS.size(); i++) {
        long[] ids = tokenizer.encode(TEXTS.get(i)).ids();
        double[] expected = activation.apply(reference.logits(ids));
        TextScore score = scores.get(i);
        assertEquals(ids.length, score.tokens());
        assertEquals(1, score.windows());
        for (int l = 0; l < expected.length; l++) {
          assertEquals(expected[l], score.scores()[l], 1e-5, arch + " text " + i + " label " + l);
        }
      }
    }
  }
}
