package dev.winnow.runtime.checkpoint.onnx;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The sizes that fix every weight shape of a Hugging Face {@code BertModel} (no pooler).
 *
 * <p>All but the layer and head counts are read off the weights themselves, so a bundled model's
 * config can never disagree with its checkpoint.
 */
record BertDimensions(
    int vocabSize,
    int hiddenSize,
    int maxPositionEmbeddings,
    int typeVocabSize,
    int intermediateSize,
    int numHiddenLayers,
    int numAttentionHeads) {

  /** The weights of one encoder layer, relative to {@code encoder.layer.N.}. */
  private static final String[] LAYER_LINEARS = {
    "attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense",
  };

  BertDimensions {
    if (numAttentionHeads <= 0 || hiddenSize % numAttentionHeads != 0) {
      throw new IllegalArgumentException(
          "hidden size " + hiddenSize + " is not divisible by " + numAttentionHeads + " attention heads");
    }
  }

  static BertDimensions inferFrom(Map<String, MappedWeight> weights, int layers, int heads, String source) {
    long[] words = shapeOf(weights, "embeddings.word_embeddings.weight", source);
    return new BertDimensions(
        Math.toIntExact(words[0]),
        Math.toIntExact(words[1]),
        Math.toIntExact(shapeOf(weights, "embeddings.position_embeddings.weight", source)[0]),
        Math.toIntExact(shapeOf(weights, "embeddings.token_type_embeddings.weight", source)[0]),
        Math.toIntExact(shapeOf(weights, "encoder.layer.0.intermediate.dense.bias", source)[0]),
        layers,
        heads);
  }

  private static long[] shapeOf(Map<String, MappedWeight> weights, String name, String source) {
    MappedWeight weight = weights.get(name);
    if (weight == null) {
      throw new IllegalStateException("no weight for '" + name + "' in " + source);
    }
    return weight.shape();
  }

  /** Every parameter name of the model with its shape, in the order Hugging Face lists them. */
  Map<String, long[]> expectedWeightShapes() {
    Map<String, long[]> shapes = new LinkedHashMap<>();
    shapes.put("embeddings.word_embeddings.weight", new long[] {vocabSize, hiddenSize});
    shapes.put("embeddings.position_embeddings.weight", new long[] {maxPositionEmbeddings, hiddenSize});
    shapes.put("embeddings.token_type_embeddings.weight", new long[] {typeVocabSize, hiddenSize});
    putLayerNorm(shapes, "embeddings.LayerNorm");
    for (int layer = 0; layer < numHiddenLayers; layer++) {
      String prefix = "encoder.layer." + layer + ".";
      for (String linear : LAYER_LINEARS) {
        putLinear(shapes, prefix + linear, hiddenSize, hiddenSize);
      }
      putLayerNorm(shapes, prefix + "attention.output.LayerNorm");
      putLinear(shapes, prefix + "intermediate.dense", hiddenSize, intermediateSize);
      putLinear(shapes, prefix + "output.dense", intermediateSize, hiddenSize);
      putLayerNorm(shapes, prefix + "output.LayerNorm");
    }
    return shapes;
  }

  private void putLinear(Map<String, long[]> shapes, String module, int in, int out) {
    shapes.put(module + ".weight", new long[] {out, in});
    shapes.put(module + ".bias", new long[] {out});
  }

  private void putLayerNorm(Map<String, long[]> shapes, String module) {
    shapes.put(module + ".weight", new long[] {hiddenSize});
    shapes.put(module + ".bias", new long[] {hiddenSize});
  }
}
