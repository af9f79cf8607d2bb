package dev.winnow.runtime.checkpoint.onnx;

import java.nio.FloatBuffer;
import java.util.Objects;

/**
 * A Hugging Face weight and the ONNX initializer it comes from.
 *
 * <p>Values are produced on demand so the import never holds a second copy of all weights.
 *
 * @param name Hugging Face {@code BertModel} parameter name
 * @param source the ONNX initializer holding the values
 * @param transposed whether {@code source} is a {@code MatMul} operand stored [in, out], which
 *     PyTorch's {@code nn.Linear} keeps as [out, in]
 */
record MappedWeight(String name, OnnxTensor source, boolean transposed) {

  MappedWeight {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(source, "source");
    if (transposed && source.shape().length != 2) {
      throw new IllegalArgumentException("cannot transpose ONNX initializer " + source + " into '" + name + "'");
    }
  }

  long[] shape() {
    long[] shape = source.shape();
    return transposed ? new long[] {shape[1], shape[0]} : shape;
  }

  /** Row-major values in Hugging Face layout. */
  float[] values() {
    if (!transposed) {
      return source.toFloatArray();
    }
    long[] onnxShape = source.shape();
    int rows = Math.toIntExact(onnxShape[0]);
    int cols = Math.toIntExact(onnxShape[1]);
    FloatBuffer in = source.floats();
    float[] out = new float[rows * cols];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        out[c * rows + r] = in.get(r * cols + c);
      }
    }
    return out;
  }
}
