package dev.winnow.runtime.checkpoint;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.winnow.runtime.Devices;
import dev.winnow.runtime.Gpus;
import dev.winnow.runtime.InferenceOptions;
import dev.winnow.runtime.WinnowErrors;
import dev.winnow.runtime.nn.EncoderKernels;

/**
 * The device, the floating-point type weights are loaded in, and the kernels the encoder's dense
 * layers run on.
 *
 * <p>On CPUs the weights stay fp32 in every precision: DJL 0.35.1 aborts the JVM converting CPU
 * arrays to bf16, so bf16 and int8 live inside the dense-layer kernels, which convert once at load.
 */
record LoadPlan(Device device, DataType type, EncoderKernels.DenseKernel dense) {

  static LoadPlan of(InferenceOptions options) {
    Device device = options.device();
    if (device.isGpu() && device.getDeviceId() >= Gpus.count()) {
      throw WinnowErrors.gpuUnavailable(Devices.name(device), Gpus.describe());
    }
    options.precision().mismatchOn(device.isGpu()).ifPresent(reason -> {
      throw WinnowErrors.precisionMismatch(reason + " (device " + Devices.name(device) + ")");
    });
    if (device.isGpu()) {
      DataType type = switch (options.precision()) {
        case FP16 -> DataType.FLOAT16;
        case BF16 -> DataType.BFLOAT16;
        case FP32, INT8 -> DataType.FLOAT32;
      };
      return new LoadPlan(device, type, EncoderKernels.DenseKernel.NATIVE);
    }
    EncoderKernels.DenseKernel dense = switch (options.precision()) {
      case INT8 -> EncoderKernels.DenseKernel.INT8;
      case BF16 -> EncoderKernels.DenseKernel.BF16;
      case FP32, FP16 -> EncoderKernels.DenseKernel.NATIVE;
    };
    return new LoadPlan(device, DataType.FLOAT32, dense);
  }

  /**
   * Like {@link #of}, for models whose graph Winnow does not build (TorchScript exports): they run
   * in the type of their weights, with no choice of kernels.
   */
  static LoadPlan ofWholeGraph(InferenceOptions options) {
    LoadPlan plan = of(options);
    if (plan.dense != EncoderKernels.DenseKernel.NATIVE) {
      throw WinnowErrors.precisionMismatch("precision " + options.precision() + " on " + Devices.name(options.device())
          + " needs a Hugging Face checkpoint (Winnow picks the dense-layer kernels); a TorchScript export "
          + "runs its own graph: use fp32 on CPUs");
    }
    return plan;
  }

  NDArray cast(NDArray array) {
    boolean floating = array.getDataType().isFloating();
    return floating && array.getDataType() != type ? array.toType(type, false) : array;
  }
}
