package dev.winnow.runtime.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;

/**
 * The operations a {@link TransformerEncoder} delegates: exactly where scoring and training
 * differ. Scoring ({@link EncoderKernels}) fuses and converts weights once and runs without
 * gradients; training keeps every parameter a leaf of the autograd graph, may add adapters to a
 * layer, and drops hidden units. The forward pass itself is written once, in the encoder.
 */
public interface EncoderOps extends AutoCloseable {

  /**
   * A dense layer {@code x W^T + b} over the last axis.
   *
   * @param name the layer's parameter prefix as stored in the checkpoint (e.g. {@code
   *     bert.encoder.layer.0.attention.self.query}): what a trained adapter is stored under
   * @param role what the layer does in its block
   */
  EncoderKernels.Layer layer(String name, LayerRole role, NDArray weight, NDArray bias);

  /**
   * The query, key and value projections as one layer whose output is the three concatenated on
   * the last axis. By default three layers; scoring fuses them into one GEMM.
   */
  default EncoderKernels.Layer queryKeyValue(String[] names, NDArray[] weights, NDArray[] biases) {
    EncoderKernels.Layer query = layer(names[0], LayerRole.QUERY, weights[0], biases[0]);
    EncoderKernels.Layer key = layer(names[1], LayerRole.KEY, weights[1], biases[1]);
    EncoderKernels.Layer value = layer(names[2], LayerRole.VALUE, weights[2], biases[2]);
    return x -> NDArrays.concat(new NDList(query.apply(x), key.apply(x), value.apply(x)), -1);
  }

  /**
   * softmax(q k^T / sqrt(head size) + maskBias) v for [batch, heads, length, head size] inputs and
   * a mask bias broadcastable to [batch, heads, length, length].
   */
  NDArray attention(NDArray query, NDArray key, NDArray value, NDArray maskBias);

  /** Hidden-state dropout where Hugging Face applies it; the identity when scoring. */
  default NDArray dropout(NDArray x) {
    return x;
  }

  @Override
  void close();
}
