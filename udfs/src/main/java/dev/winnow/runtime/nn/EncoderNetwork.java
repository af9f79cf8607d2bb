package dev.winnow.runtime.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.winnow.runtime.inference.LogitsNetwork;
import dev.winnow.runtime.inference.TokenBatch;
import java.util.function.BiFunction;

/**
 * A {@link TransformerEncoder} with the {@link NDManager} that owns its weights. Each call works
 * in a sub-manager, so intermediate tensors are freed per batch and concurrent calls never share
 * mutable state.
 */
public final class EncoderNetwork implements AutoCloseable {

  private final NDManager weightsManager;
  private final TransformerEncoder encoder;

  /** Takes ownership of {@code weightsManager}: closing the network frees the weights. */
  public EncoderNetwork(NDManager weightsManager, TransformerEncoder encoder) {
    this.weightsManager = weightsManager;
    this.encoder = encoder;
  }

  public EncoderSpec spec() {
    return encoder.spec();
  }

  /**
   * Runs the encoder on the batch and hands the last hidden state [rows, length, hidden] and the
   * attention mask to {@code reader}, whose result must be plain Java data (the tensors are freed
   * on return).
   */
  public <T> T run(TokenBatch batch, BiFunction<NDArray, NDArray, T> reader) {
    try (NDManager scope = weightsManager.newSubManager()) {
      Shape shape = new Shape(batch.rows(), batch.length());
      NDArray mask = scope.create(batch.attentionMask(), shape);
      NDArray hidden = encoder.forward(scope.create(batch.ids(), shape), scope.create(batch.typeIds(), shape), mask);
      return reader.apply(hidden, mask);
    }
  }

  /** The pooled encoder output per row, [rows][hidden]: the features trained heads learn from. */
  public float[][] pooled(TokenBatch batch, Pooling pooling) {
    return run(batch, (hidden, mask) -> rows(pooling.pool(hidden, mask), batch.rows()));
  }

  /**
   * This encoder as a {@link LogitsNetwork} whose outputs are pooled vectors, so sentence
   * embedding rides the same batching pipeline as classification. Closing it closes the encoder.
   */
  public LogitsNetwork pooledOutputs(Pooling pooling) {
    return new LogitsNetwork() {
      @Override
      public float[][] logits(TokenBatch batch) {
        return pooled(batch, pooling);
      }

      @Override
      public void close() {
        EncoderNetwork.this.close();
      }
    };
  }

  /** The last hidden state, [rows][length][hidden], for parity checks against other runtimes. */
  public float[][][] lastHiddenState(TokenBatch batch) {
    return run(batch, (hidden, mask) -> {
      float[][] flat = rows(hidden.reshape(-1, spec().hiddenSize()), batch.rows() * batch.length());
      float[][][] out = new float[batch.rows()][][];
      for (int r = 0; r < batch.rows(); r++) {
        out[r] = java.util.Arrays.copyOfRange(flat, r * batch.length(), (r + 1) * batch.length());
      }
      return out;
    });
  }

  /** Copies a [rows, width] tensor out as float32 rows. */
  static float[][] rows(NDArray matrix, int rows) {
    float[] flat = matrix.toType(DataType.FLOAT32, false).toFloatArray();
    int width = flat.length / rows;
    float[][] out = new float[rows][width];
    for (int r = 0; r < rows; r++) {
      System.arraycopy(flat, r * width, out[r], 0, width);
    }
    return out;
  }

  @Override
  public void close() {
    try {
      encoder.close();
    } finally {
      weightsManager.close();
    }
  }
}
