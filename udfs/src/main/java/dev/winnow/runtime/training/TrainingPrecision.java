package dev.winnow.runtime.training;

import dev.winnow.runtime.nn.CpuFeatures;

/**
 * The type training's dense layers multiply in. Master weights, optimizer state, LayerNorm,
 * softmax and the loss stay fp32 in both.
 */
public enum TrainingPrecision {
  FP32,
  /** bf16 GEMMs (autocast style): worth it on CPUs with AVX512-BF16 or AMX, and on GPUs. */
  BF16;

  /** bf16 where it is native (a GPU, or a CPU with AVX512-BF16 or AMX), else fp32. */
  public static TrainingPrecision auto(boolean onGpu) {
    return onGpu || CpuFeatures.current().hasBf16Gemm() ? BF16 : FP32;
  }
}
