package dev.winnow.runtime.training;

/**
 * The type training's dense layers multiply in. Master weights, optimizer state, LayerNorm,
 * softmax and the loss stay fp32 in both.
 */
public enum TrainingPrecision {
  FP32,
  /** bf16 GEMMs (autocast style): worth it on CPUs with AVX512-BF16 or AMX, and on GPUs. */
  BF16
}
