package dev.winnow.runtime.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.winnow.runtime.InferenceOptions;
import dev.winnow.runtime.Models;
import dev.winnow.runtime.TextEncoder;
import dev.winnow.runtime.checkpoint.HuggingFaceCheckpoint;
import dev.winnow.runtime.checkpoint.ModelSources;
import dev.winnow.runtime.nn.EncoderNetwork;
import dev.winnow.runtime.nn.Pooling;
import dev.winnow.runtime.testing.CheckpointFixtures;
import dev.winnow.runtime.text.TextTokenizer;
import dev.winnow.runtime.text.TokenizedText;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextEncoderTest {

  @Test
  void embeddingsAreMeanPooledStatesInInputOrder() {
    List<String> texts = Arrays.asList("first text, a little longer than the second", null, "second");
    HuggingFaceCheckpoint base = (HuggingFaceCheckpoint) ModelSources.resolve(CheckpointFixtures.SMALL_ENCODER);
    try (TextEncoder encoder = Models.loadEncoder(CheckpointFixtures.SMALL_ENCODER, InferenceOptions.DEFAULTS);
        EncoderNetwork network = base.loadEncoder(InferenceOptions.DEFAULTS);
        TextTokenizer tokenizer = base.loadTokenizer()) {
      assertEquals(384, encoder.info().dimension());
      List<float[]> vectors = encoder.embed(texts);
      assertNull(vectors.get(1));
      for (int i : new int[] {0, 2}) {
        TokenizedText tokens = tokenizer.encode(texts.get(i));
        float[] alone = network.pooled(
            TokenBatch.pad(new long[][] {tokens.ids()}, new long[][] {tokens.typeIds()}, 0), Pooling.MEAN)[0];
        assertArrayEquals(alone, vectors.get(i), 1e-5f);
      }
    }
  }
}
