package dev.winnow.runtime.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.winnow.runtime.InferenceOptions;
import dev.winnow.runtime.ModelInfo;
import dev.winnow.runtime.Models;
import dev.winnow.runtime.TextClassifier;
import dev.winnow.runtime.TextScore;
import dev.winnow.runtime.ThresholdPresets;
import dev.winnow.runtime.inference.TokenBatch;
import dev.winnow.runtime.nn.EncoderNetwork;
import dev.winnow.runtime.nn.Pooling;
import dev.winnow.runtime.testing.CheckpointFixtures;
import dev.winnow.runtime.text.TextTokenizer;
import dev.winnow.runtime.text.TokenizedText;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A trained head is a few KB pointing at its base encoder, and scores like pooled x W + b. */
class HeadCheckpointTest {

  @TempDir Path dir;

  @Test
  void headScoresAreSigmoidOfPooledTimesWeightsPlusBias() throws IOException {
    List<String> labels = List.of("hate", "self_harm");
    Path head = CheckpointFixtures.headOnBundledEncoder(dir.resolve("head"), labels, 9);
    assertTrue(Files.size(head.resolve("model.safetensors")) < 10_000, "head must not copy the encoder");
    float[][] weight;
    float[] bias;
    try (NDManager manager = NDManager.newBaseManager("PyTorch");
        InputStream in = Files.newInputStream(head.resolve("model.safetensors"))) {
      NDList arrays = NDList.decode(manager, in);
      weight = new float[2][];
      float[] flat = arrays.get("classifier.weight").toFloatArray();
      weight[0] = java.util.Arrays.copyOfRange(flat, 0, 384);
      weight[1] = java.util.Arrays.copyOfRange(flat, 384, 768);
      bias = arrays.get("classifier.bias").toFloatArray();
    }
    String text = "I want to hurt myself tonight";
    HuggingFaceCheckpoint base = (HuggingFaceCheckpoint) ModelSources.resolve(CheckpointFixtures.SMALL_ENCODER);
    float[] pooled;
    try (TextTokenizer tokenizer = base.loadTokenizer();
        EncoderNetwork encoder = base.loadEncoder(InferenceOptions.DEFAULTS)) {
      TokenizedText tokens = tokenizer.encode(text);
      pooled = encoder.pooled(TokenBatch.pad(new long[][] {tokens.ids()}, new long[][] {tokens.typeIds()}, 0),
          Pooling.MEAN)[0];
    }
    try (TextClassifier classifier = Models.load(head.toString(), InferenceOptions.DEFAULTS)) {
      assertEquals(labels, classifier.info().labels());
      TextScore score = classifier.classify(List.of(text, "a much longer unrelated sentence to pad the batch")).get(0);
      for (int l = 0; l < 2; l++) {
        double logit = bias[l];
        for (int d = 0; d < 384; d++) {
          logit += weight[l][d] * pooled[d];
        }
        assertEquals(1 / (1 + Math.exp(-logit)), score.scores()[l], 1e-5);
      }
    }
  }

  @Test
  void headRefusesABaseEncoderThatChanged() throws IOException {
    Path head = CheckpointFixtures.headOnBundledEncoder(dir.resolve("pinned"), List.of("x"), 1);
    Path config = head.resolve("config.json");
    String json = Files.readString(config);
    String hash = json.replaceAll("(?s).*\"base_encoder_sha256\": \"([0-9a-f]+)\".*", "$1");
    Files.writeString(config, json.replace(hash, "0".repeat(64)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Models.describe(head.toString()));
    assertTrue(e.getMessage().contains("retrain"), e.getMessage());
  }

  @Test
  void calibratedThresholdsTravelWithTheHeadByPreset() {
    TrainedFacts facts = new TrainedFacts(
        ThresholdPresets.of(java.util.Map.of("b", 0.3f), java.util.Map.of("a", 0.05f, "b", 0.1f)), false, null);
    Path head = HeadCheckpointWriter.write(dir.resolve("calibrated"), CheckpointFixtures.SMALL_ENCODER,
        new LinearHead(List.of("a", "b"), new float[2][384], new float[2]), facts);
    ModelInfo info = Models.describe(head.toString());
    assertEquals(java.util.Map.of("b", 0.3f), info.recommendedThresholds(ThresholdPresets.BALANCED));
    assertEquals(java.util.Map.of("a", 0.05f, "b", 0.1f), info.recommendedThresholds(ThresholdPresets.STRICT));
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> info.recommendedThresholds("paranoid"));
    assertTrue(missing.getMessage().contains("[balanced, strict]"), missing.getMessage());
    assertThrows(IllegalArgumentException.class, () -> HeadCheckpointWriter.write(dir.resolve("bad"),
        CheckpointFixtures.SMALL_ENCODER, new LinearHead(List.of("a"), new float[1][384], new float[1]),
        TrainedFacts.of(java.util.Map.of("zzz", 0.3f), null)));
  }

  @Test
  void aHeadWithoutThresholdsHasAnEmptyBalancedPresetAndNoStrictOne() {
    Path head = CheckpointFixtures.headOnBundledEncoder(dir.resolve("plain"), List.of("x"), 1);
    ModelInfo info = Models.describe(head.toString());
    assertEquals(java.util.Map.of(), info.recommendedThresholds(ThresholdPresets.BALANCED));
    assertThrows(IllegalArgumentException.class, () -> info.recommendedThresholds(ThresholdPresets.STRICT));
  }

  @Test
  void existingFolderIsNeverOverwritten() throws IOException {
    Path taken = Files.createDirectories(dir.resolve("taken"));
    assertThrows(IllegalArgumentException.class, () -> CheckpointFixtures.headOnBundledEncoder(taken, List.of("x"), 1));
  }
}
