package dev.winnow.runtime.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import java.util.ArrayList;
import java.util.List;

/**
 * A Hugging Face BERT / RoBERTa / DistilBERT encoder written on DJL NDArray ops.
 *
 * <p>Follows the reference implementations operation by operation (post-LayerNorm blocks,
 * additive attention mask, exact GELU unless configured otherwise) so that checkpoints trained in
 * Python score the same here. Holds no per-call state: concurrent forwards are safe as long as
 * each uses its own {@link NDManager}.
 */
public final class TransformerEncoder implements AutoCloseable {

  private final EncoderSpec spec;
  private final Embeddings embeddings;
  private final List<Block> blocks;
  private final int headSize;
  private final EncoderOps ops;

  /** An encoder running on {@code ops}, which it closes when closed. */
  public TransformerEncoder(EncoderSpec spec, Weights weights, EncoderOps ops) {
    this.spec = spec;
    this.ops = ops;
    ParameterNames names = ParameterNames.of(spec.family());
    this.embeddings = new Embeddings(
        weights.require(names.prefix(), names.wordEmbeddings()),
        weights.require(names.prefix(), names.positionEmbeddings()),
        names.tokenTypeEmbeddings() == null ? null : weights.require(names.prefix(), names.tokenTypeEmbeddings()),
        weights.require(names.prefix(), names.embeddingNorm() + ".weight"),
        weights.require(names.prefix(), names.embeddingNorm() + ".bias"));
    checkEmbeddingShapes();
    this.blocks = new ArrayList<>(spec.layers());
    for (int i = 0; i < spec.layers(); i++) {
      blocks.add(Block.load(weights, names, i, spec, ops));
    }
    this.headSize = spec.hiddenSize() / spec.heads();
  }

  public EncoderSpec spec() {
    return spec;
  }

  @Override
  public void close() {
    ops.close();
  }

  /**
   * Runs the encoder.
   *
   * @param inputIds token ids, int64 [batch, length]
   * @param typeIds token type ids, int64 [batch, length], or null for all zeros
   * @param attentionMask 1 for real tokens and 0 for padding, int64 [batch, length]
   * @return the last hidden state, [batch, length, hidden]
   */
  public NDArray forward(NDArray inputIds, NDArray typeIds, NDArray attentionMask) {
    NDArray hidden = embed(inputIds, typeIds, attentionMask);
    NDArray maskBias = attentionBias(attentionMask, hidden.getDataType());
    for (Block block : blocks) {
      NDArray next;
      // A layer's intermediates (the fused projections, the 4x-wide feed-forward activations) are freed
      // when it ends rather than with the batch: native memory then holds one layer's worth
      // instead of all twelve, and the allocator hands the next layer the same, already-mapped blocks.
      try (NDScope layer = new NDScope()) {
        next = block.forward(hidden, maskBias, spec, headSize, ops);
        NDScope.unregister(next);
      }
      hidden.close();
      hidden = next;
    }
    return hidden;
  }

  private NDArray embed(NDArray inputIds, NDArray typeIds, NDArray attentionMask) {
    NDManager manager = inputIds.getManager();
    long length = inputIds.getShape().get(1);
    NDArray positions;
    if (spec.family() == EncoderFamily.ROBERTA) {
      // RoBERTa numbers real tokens from padding_idx + 1 and gives padding the padding index.
      NDArray isToken = inputIds.neq(spec.padTokenId()).toType(DataType.INT64, false);
      positions = isToken.cumSum(1).mul(isToken).add(spec.padTokenId());
    } else {
      positions = manager.arange(0L, length, 1L, DataType.INT64).expandDims(0);
    }
    NDArray x = lookup(inputIds, embeddings.words).add(lookup(positions, embeddings.positions));
    if (embeddings.tokenTypes != null) {
      // A model with one token type never saw segment ids (RoBERTa's tokenizer gives a pair's
      // second segment type 1 but does not pass it to the model): every token is type 0.
      boolean segmented = typeIds != null && embeddings.tokenTypes.getShape().get(0) > 1;
      NDArray types = segmented ? typeIds : manager.zeros(inputIds.getShape(), DataType.INT64);
      x = x.add(lookup(types, embeddings.tokenTypes));
    }
    return ops.dropout(layerNorm(x, embeddings.normWeight, embeddings.normBias, spec.layerNormEps()));
  }

  private static NDArray lookup(NDArray ids, NDArray table) {
    return Embedding.embedding(ids, table, SparseFormat.DENSE).singletonOrThrow();
  }

  private static NDArray attentionBias(NDArray attentionMask, DataType type) {
    // Large but finite, so fp16 does not overflow; exp() of it is exactly 0 in any precision.
    float blocked = type == DataType.FLOAT16 ? -6.0e4f : -1.0e9f;
    Shape shape = attentionMask.getShape();
    return attentionMask.toType(DataType.FLOAT32, false)
        .sub(1f).mul(-blocked)
        .reshape(shape.get(0), 1, 1, shape.get(1))
        .toType(type, false);
  }

  static NDArray layerNorm(NDArray x, NDArray weight, NDArray bias, float eps) {
    return LayerNorm.layerNorm(x, new Shape(weight.getShape().get(0)), weight, bias, eps).singletonOrThrow();
  }

  static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
    return Linear.linear(x, weight, bias).singletonOrThrow();
  }

  private void checkEmbeddingShapes() {
    long[] words = embeddings.words.getShape().getShape();
    if (words.length != 2 || words[1] != spec.hiddenSize()) {
      throw dev.winnow.runtime.WinnowErrors.badModel(
          "word embeddings have shape " + embeddings.words.getShape() + " but hidden size is " + spec.hiddenSize());
    }
    long positions = embeddings.positions.getShape().get(0);
    if (positions < spec.maxPositions()) {
      throw dev.winnow.runtime.WinnowErrors.badModel(
          "position embeddings have " + positions + " rows but max_position_embeddings is " + spec.maxPositions());
    }
  }

  private record Embeddings(NDArray words, NDArray positions, NDArray tokenTypes, NDArray normWeight, NDArray normBias) {}

  /**
   * One post-LayerNorm transformer block: self-attention, then a feed-forward network.
   */
  private record Block(
      EncoderKernels.Layer queryKeyValue, EncoderKernels.Layer attentionOutput, NDArray attnNormW, NDArray attnNormB,
      EncoderKernels.Layer ffnIn, EncoderKernels.Layer ffnOut, NDArray outNormW, NDArray outNormB) {

    static Block load(Weights w, ParameterNames n, int layer, EncoderSpec spec, EncoderOps ops) {
      String p = n.prefix();
      String[] qkvNames = {n.query(layer), n.key(layer), n.value(layer)};
      NDArray[] qkvWeights = new NDArray[3];
      NDArray[] qkvBiases = new NDArray[3];
      String[] qkvWhat = {"query", "key", "value"};
      String[] stored = new String[3];
      for (int i = 0; i < 3; i++) {
        stored[i] = stored(w, p, qkvNames[i]);
        qkvWeights[i] = w.require(p, qkvNames[i] + ".weight");
        qkvBiases[i] = w.require(p, qkvNames[i] + ".bias");
        expect(qkvWeights[i], spec.hiddenSize(), spec.hiddenSize(), layer, qkvWhat[i]);
      }
      NDArray ffnInW = w.require(p, n.ffnIn(layer) + ".weight");
      NDArray ffnOutW = w.require(p, n.ffnOut(layer) + ".weight");
      expect(ffnInW, spec.intermediateSize(), spec.hiddenSize(), layer, "intermediate");
      expect(ffnOutW, spec.hiddenSize(), spec.intermediateSize(), layer, "output");
      return new Block(
          ops.queryKeyValue(stored, qkvWeights, qkvBiases),
          dense(w, p, n.attentionOutput(layer), LayerRole.ATTENTION_OUTPUT, ops),
          w.require(p, n.attentionNorm(layer) + ".weight"), w.require(p, n.attentionNorm(layer) + ".bias"),
          dense(w, p, n.ffnIn(layer), LayerRole.FFN_IN, ops),
          dense(w, p, n.ffnOut(layer), LayerRole.FFN_OUT, ops),
          w.require(p, n.outputNorm(layer) + ".weight"), w.require(p, n.outputNorm(layer) + ".bias"));
    }

    private static EncoderKernels.Layer dense(Weights w, String prefix, String name, LayerRole role, EncoderOps ops) {
      return ops.layer(stored(w, prefix, name), role, w.require(prefix, name + ".weight"), w.require(prefix, name + ".bias"));
    }

    /** The layer's name as the checkpoint stores it (with or without the architecture prefix). */
    private static String stored(Weights w, String prefix, String name) {
      String weight = w.storedName(prefix, name + ".weight");
      return weight.substring(0, weight.length() - ".weight".length());
    }

    NDArray forward(NDArray x, NDArray maskBias, EncoderSpec spec, int headSize, EncoderOps ops) {
      Shape shape = x.getShape();
      long batch = shape.get(0);
      long length = shape.get(1);
      NDList qkv = queryKeyValue.apply(x).split(3, 2);
      NDArray context = ops.attention(
              splitHeads(qkv.get(0), batch, length, spec.heads(), headSize),
              splitHeads(qkv.get(1), batch, length, spec.heads(), headSize),
              splitHeads(qkv.get(2), batch, length, spec.heads(), headSize),
              maskBias)
          .transpose(0, 2, 1, 3)
          .reshape(batch, length, spec.hiddenSize());
      NDArray attended = layerNorm(ops.dropout(attentionOutput.apply(context)).add(x), attnNormW, attnNormB, spec.layerNormEps());
      NDArray inner = spec.activation().apply(ffnIn.apply(attended));
      return layerNorm(ops.dropout(ffnOut.apply(inner)).add(attended), outNormW, outNormB, spec.layerNormEps());
    }

    private static NDArray splitHeads(NDArray x, long batch, long length, int heads, int headSize) {
      return x.reshape(batch, length, heads, headSize).transpose(0, 2, 1, 3);
    }

    private static void expect(NDArray w, long rows, long cols, int layer, String what) {
      Shape expected = new Shape(rows, cols);
      if (!w.getShape().equals(expected)) {
        throw dev.winnow.runtime.WinnowErrors.badModel("layer " + layer + " " + what + " weight has shape " + w.getShape()
            + ", expected " + expected + " from the config");
      }
    }
  }
}
