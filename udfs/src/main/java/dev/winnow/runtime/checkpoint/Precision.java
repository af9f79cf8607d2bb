package dev.winnow.runtime.checkpoint;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.winnow.runtime.InferenceOptions;

/** The device and floating-point type weights are loaded in. */
record Precision(Device device, DataType type) {

  static Precision of(InferenceOptions options) {
    if ("auto".equals(options.device())) {
      // Only the Spark layer knows which GPU a task holds; it resolves auto before loading.
      throw new IllegalArgumentException("device auto is resolved by the Spark layer in each task; "
          + "the runtime loads on cpu, gpu or gpu:N");
    }
    Device device;
    try {
      device = Device.fromName(options.device());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("invalid device '" + options.device() + "' (cpu, gpu, gpu:N)", e);
    }
    DataType type = switch (options.precision()) {
      case "fp16" -> DataType.FLOAT16;
      case "bf16" -> DataType.BFLOAT16;
      default -> DataType.FLOAT32;
    };
    if (type != DataType.FLOAT32 && !device.isGpu()) {
      // bf16 aborts the JVM in DJL 0.35.1's CPU kernels and fp16 runs 7-11x slower there.
      throw new IllegalArgumentException("precision " + options.precision() + " is for GPU devices only; "
          + "use fp32 on " + options.device());
    }
    return new Precision(device, type);
  }

  NDArray cast(NDArray array) {
    boolean floating = array.getDataType().isFloating();
    return floating && array.getDataType() != type ? array.toType(type, false) : array;
  }
}
