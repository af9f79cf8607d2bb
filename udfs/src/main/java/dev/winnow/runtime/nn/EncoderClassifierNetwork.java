package dev.winnow.runtime.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.winnow.runtime.inference.LogitsNetwork;
import dev.winnow.runtime.inference.TokenBatch;

/**
 * Winnow's own transformer: {@link TransformerEncoder} + {@link ClassificationHead} on weights
 * owned by one {@link NDManager}. Each call works in a sub-manager, so intermediate tensors are
 * freed per batch and concurrent calls never share mutable state.
 */
public final class EncoderClassifierNetwork implements LogitsNetwork {

  private final NDManager weightsManager;
  private final TransformerEncoder encoder;
  private final ClassificationHead head;

  /** Takes ownership of {@code weightsManager}: closing the network frees the weights. */
  public EncoderClassifierNetwork(NDManager weightsManager, TransformerEncoder encoder, ClassificationHead head) {
    this.weightsManager = weightsManager;
    this.encoder = encoder;
    this.head = head;
  }

  @Override
  public float[][] logits(TokenBatch batch) {
    try (NDManager scope = weightsManager.newSubManager()) {
      Shape shape = new Shape(batch.rows(), batch.length());
      NDArray ids = scope.create(batch.ids(), shape);
      NDArray types = scope.create(batch.typeIds(), shape);
      NDArray mask = scope.create(batch.attentionMask(), shape);
      NDArray hidden = encoder.forward(ids, types, mask);
      float[] flat = head.logits(hidden, mask).toType(DataType.FLOAT32, false).toFloatArray();
      return rows(flat, batch.rows());
    }
  }

  /** The pooled encoder output per row, [rows][hidden]: the features trained heads learn from. */
  public float[][] pooled(TokenBatch batch, Pooling pooling) {
    try (NDManager scope = weightsManager.newSubManager()) {
      Shape shape = new Shape(batch.rows(), batch.length());
      NDArray mask = scope.create(batch.attentionMask(), shape);
      NDArray hidden = encoder.forward(scope.create(batch.ids(), shape), scope.create(batch.typeIds(), shape), mask);
      return rows(pooling.pool(hidden, mask).toType(DataType.FLOAT32, false).toFloatArray(), batch.rows());
    }
  }

  /** The last hidden state, [rows][length][hidden], for parity checks against other runtimes. */
  public float[][][] lastHiddenState(TokenBatch batch) {
    try (NDManager scope = weightsManager.newSubManager()) {
      Shape shape = new Shape(batch.rows(), batch.length());
      NDArray hidden = encoder.forward(
          scope.create(batch.ids(), shape), scope.create(batch.typeIds(), shape), scope.create(batch.attentionMask(), shape));
      float[] flat = hidden.toType(DataType.FLOAT32, false).toFloatArray();
      int h = encoder.spec().hiddenSize();
      float[][][] out = new float[batch.rows()][batch.length()][h];
      for (int r = 0; r < batch.rows(); r++) {
        for (int t = 0; t < batch.length(); t++) {
          System.arraycopy(flat, (r * batch.length() + t) * h, out[r][t], 0, h);
        }
      }
      return out;
    }
  }

  private static float[][] rows(float[] flat, int rows) {
    int width = flat.length / rows;
    float[][] out = new float[rows][width];
    for (int r = 0; r < rows; r++) {
      System.arraycopy(flat, r * width, out[r], 0, width);
    }
    return out;
  }

  @Override
  public void close() {
    weightsManager.close();
  }
}
