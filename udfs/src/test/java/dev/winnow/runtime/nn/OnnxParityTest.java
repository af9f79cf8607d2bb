package dev.winnow.runtime.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winnow.runtime.InferenceOptions;
import dev.winnow.runtime.checkpoint.HuggingFaceCheckpoint;
import dev.winnow.runtime.checkpoint.ModelSources;
import dev.winnow.runtime.checkpoint.onnx.BundledEncoder;
import dev.winnow.runtime.inference.TokenBatch;
import dev.winnow.runtime.testing.OnnxReference;
import dev.winnow.runtime.text.TextTokenizer;
import dev.winnow.runtime.text.TokenizedText;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Java encoder against ONNX Runtime running the bundled ONNX file itself: same tokens, one
 * padded batch of mixed lengths, every real position of the last hidden state compared.
 */
class OnnxParityTest {

  private static final List<String> TEXTS = List.of(
      "query: how do I bake bread?",
      "passage: The quick brown fox jumps over the lazy dog, then naps in the warm afternoon sun "
          + "while the farmer repairs a fence that the storm knocked down last night.",
      "hi",
      "Ünïcödé, emoji 🚀 and numbers 12345 mixed with CAPITALS.");

  @Test
  void e5SmallV2MatchesOnnxRuntime() {
    assertParity(BundledEncoder.E5_SMALL_V2);
  }

  @Test
  void allMiniLmL6V2MatchesOnnxRuntime() {
    assertParity(BundledEncoder.ALL_MINILM_L6_V2);
  }

  private static void assertParity(BundledEncoder bundled) {
    HuggingFaceCheckpoint checkpoint =
        (HuggingFaceCheckpoint) ModelSources.resolve("builtin:" + bundled.encoderName());
    try (TextTokenizer tokenizer = checkpoint.loadTokenizer();
        EncoderNetwork encoder = checkpoint.loadEncoder(InferenceOptions.DEFAULTS);
        OnnxReference reference = OnnxReference.open(bundled)) {
      List<TokenizedText> tokens = tokenizer.encodeAll(TEXTS);
      long[][] ids = tokens.stream().map(TokenizedText::ids).toArray(long[][]::new);
      long[][] types = tokens.stream().map(TokenizedText::typeIds).toArray(long[][]::new);
      TokenBatch batch = TokenBatch.pad(ids, types, 0);
      float[][][] ours = encoder.lastHiddenState(batch);
      float[][][] theirs = reference.lastHiddenState(unflatten(batch.ids(), batch), unflatten(batch.attentionMask(), batch),
          unflatten(batch.typeIds(), batch));
      double maxDelta = 0;
      for (int r = 0; r < batch.rows(); r++) {
        for (int t = 0; t < ids[r].length; t++) {
          for (int d = 0; d < ours[r][t].length; d++) {
            maxDelta = Math.max(maxDelta, Math.abs(ours[r][t][d] - theirs[r][t][d]));
          }
        }
      }
      System.out.printf("%s parity: max |delta| = %.2e over %d rows x %d tokens%n",
          bundled.encoderName(), maxDelta, batch.rows(), batch.length());
      assertTrue(maxDelta <= 1e-4, bundled.encoderName() + " max |delta| " + maxDelta);
    }
  }

  private static long[][] unflatten(long[] flat, TokenBatch batch) {
    long[][] out = new long[batch.rows()][batch.length()];
    for (int r = 0; r < batch.rows(); r++) {
      System.arraycopy(flat, r * batch.length(), out[r], 0, batch.length());
    }
    return out;
  }
}
