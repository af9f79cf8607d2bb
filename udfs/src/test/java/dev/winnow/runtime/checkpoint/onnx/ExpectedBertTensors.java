package dev.winnow.runtime.checkpoint.onnx;

import java.util.LinkedHashMap;
import java.util.Map;

/** The parameters of a Hugging Face {@code BertModel} without pooler, written out independently of the importer. */
final class ExpectedBertTensors {

  static final int HIDDEN = 384;
  static final int INTERMEDIATE = 1536;
  static final int VOCAB = 30522;
  static final int POSITIONS = 512;
  static final int TYPE_VOCAB = 2;

  /** The four [hidden, hidden] projections and the two feed-forward matrices of each layer. */
  static final String[] LINEARS = {
    "attention.self.query", "attention.self.key", "attention.self.value",
    "attention.output.dense", "intermediate.dense", "output.dense",
  };

  private ExpectedBertTensors() {}

  static Map<String, long[]> shapes(int layers) {
    Map<String, long[]> shapes = new LinkedHashMap<>();
    shapes.put("embeddings.word_embeddings.weight", new long[] {VOCAB, HIDDEN});
    shapes.put("embeddings.position_embeddings.weight", new long[] {POSITIONS, HIDDEN});
    shapes.put("embeddings.token_type_embeddings.weight", new long[] {TYPE_VOCAB, HIDDEN});
    shapes.put("embeddings.LayerNorm.weight", new long[] {HIDDEN});
    shapes.put("embeddings.LayerNorm.bias", new long[] {HIDDEN});
    for (int n = 0; n < layers; n++) {
      String layer = "encoder.layer." + n + ".";
      shapes.put(layer + "attention.self.query.weight", new long[] {HIDDEN, HIDDEN});
      shapes.put(layer + "attention.self.query.bias", new long[] {HIDDEN});
      shapes.put(layer + "attention.self.key.weight", new long[] {HIDDEN, HIDDEN});
      shapes.put(layer + "attention.self.key.bias", new long[] {HIDDEN});
      shapes.put(layer + "attention.self.value.weight", new long[] {HIDDEN, HIDDEN});
      shapes.put(layer + "attention.self.value.bias", new long[] {HIDDEN});
      shapes.put(layer + "attention.output.dense.weight", new long[] {HIDDEN, HIDDEN});
      shapes.put(layer + "attention.output.dense.bias", new long[] {HIDDEN});
      shapes.put(layer + "attention.output.LayerNorm.weight", new long[] {HIDDEN});
      shapes.put(layer + "attention.output.LayerNorm.bias", new long[] {HIDDEN});
      shapes.put(layer + "intermediate.dense.weight", new long[] {INTERMEDIATE, HIDDEN});
      shapes.put(layer + "intermediate.dense.bias", new long[] {INTERMEDIATE});
      shapes.put(layer + "output.dense.weight", new long[] {HIDDEN, INTERMEDIATE});
      shapes.put(layer + "output.dense.bias", new long[] {HIDDEN});
      shapes.put(layer + "output.LayerNorm.weight", new long[] {HIDDEN});
      shapes.put(layer + "output.LayerNorm.bias", new long[] {HIDDEN});
    }
    return shapes;
  }
}
