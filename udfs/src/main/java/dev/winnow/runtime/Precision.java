package dev.winnow.runtime;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The arithmetic a model runs in. Settings spell it in lower case ({@link #key}); everything past
 * the settings holds this type, so a precision is checked once, where it is read.
 */
public enum Precision {
  /** Exact: the default. */
  FP32,
  /** bf16 GEMMs with fp32 weights on CPUs that have AVX512-BF16/AMX; bf16 weights on GPUs. */
  BF16,
  /** GPUs only: 7-11x slower than fp32 on CPUs. */
  FP16,
  /** CPUs only: FBGEMM's dynamic quantization of the dense layers. */
  INT8;

  /** As settings write it: {@code fp32}, {@code bf16}, {@code fp16}, {@code int8}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static List<String> keys() {
    return Arrays.stream(values()).map(Precision::key).toList();
  }

  /**
   * The precision a setting names.
   *
   * @throws UserError naming {@code model.precision} for any other value
   */
  public static Precision of(String key) {
    return Arrays.stream(values()).filter(p -> p.key().equals(key)).findFirst()
        .orElseThrow(() -> WinnowErrors.invalid(WinnowErrors.MODEL_PRECISION,
            "unknown precision '" + key + "' (one of " + keys() + ")"));
  }

  /** Why this precision cannot run on a GPU ({@code onGpu}) or a CPU; empty when it can. */
  public Optional<String> mismatchOn(boolean onGpu) {
    if (!onGpu && this == FP16) {
      return Optional.of("precision fp16 runs on GPUs only (it is 7-11x slower than fp32 on CPUs); "
          + "on CPUs use fp32, or int8 / bf16 for speed");
    }
    if (onGpu && this == INT8) {
      return Optional.of("precision int8 runs on CPUs only (FBGEMM dynamic quantization); on GPUs use fp16 or bf16");
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return key();
  }
}
