package dev.winnow.runtime.checkpoint.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * An ONNX initializer: name, shape, element type and (for self-contained files) its bytes.
 *
 * <p>Only float32 payloads are decoded. Other tensors are kept with their shape and type so callers
 * can recognise and skip them (exporters add int64 shape constants next to the weights).
 */
public final class OnnxTensor {

  /** {@code TensorProto.DataType.FLOAT}. */
  public static final int FLOAT = 1;

  private final String name;
  private final long[] shape;
  private final int dataType;
  // Little-endian payload (raw_data, or float_data written out); null when the file has none.
  private final ByteBuffer data;
  private final boolean external;

  OnnxTensor(String name, long[] shape, int dataType, ByteBuffer data, boolean external) {
    this.name = Objects.requireNonNull(name, "name");
    this.shape = shape.clone();
    this.dataType = dataType;
    this.data = data == null ? null : data.asReadOnlyBuffer();
    this.external = external;
  }

  public String name() {
    return name;
  }

  public long[] shape() {
    return shape.clone();
  }

  /** The {@code TensorProto.DataType} code, e.g. 1 for float32, 7 for int64. */
  public int dataType() {
    return dataType;
  }

  public boolean isFloat() {
    return dataType == FLOAT;
  }

  public long elementCount() {
    long count = 1;
    for (long dim : shape) {
      count = Math.multiplyExact(count, dim);
    }
    return count;
  }

  /** A read-only view of the values in row-major order; fails for anything but self-contained float32. */
  public FloatBuffer floats() {
    if (external) {
      throw new UnsupportedOperationException("ONNX initializer '" + name
          + "' keeps its data in an external file (data_location=EXTERNAL); only self-contained"
          + " .onnx files are supported");
    }
    if (!isFloat()) {
      throw new UnsupportedOperationException("ONNX initializer '" + name + "' has data type "
          + dataTypeName(dataType) + "; only FLOAT (float32) weights are supported");
    }
    long expectedBytes = elementCount() * Float.BYTES;
    int actualBytes = data == null ? 0 : data.remaining();
    if (actualBytes != expectedBytes) {
      throw new IllegalStateException("ONNX initializer '" + name + "' has " + actualBytes
          + " bytes of data but shape " + Arrays.toString(shape) + " needs " + expectedBytes);
    }
    return data.duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
  }

  public float[] toFloatArray() {
    FloatBuffer buffer = floats();
    float[] values = new float[buffer.remaining()];
    buffer.get(values);
    return values;
  }

  @Override
  public String toString() {
    return name + Arrays.toString(shape) + ":" + dataTypeName(dataType);
  }

  static String dataTypeName(int code) {
    String name = switch (code) {
      case 1 -> "FLOAT";
      case 2 -> "UINT8";
      case 3 -> "INT8";
      case 4 -> "UINT16";
      case 5 -> "INT16";
      case 6 -> "INT32";
      case 7 -> "INT64";
      case 8 -> "STRING";
      case 9 -> "BOOL";
      case 10 -> "FLOAT16";
      case 11 -> "DOUBLE";
      case 12 -> "UINT32";
      case 13 -> "UINT64";
      case 16 -> "BFLOAT16";
      default -> "UNKNOWN";
    };
    return name + " (" + code + ")";
  }
}
