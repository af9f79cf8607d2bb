package dev.winnow.runtime.nn;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/** Instruction-set features of this machine's CPU that change which kernels are safe. */
public record CpuFeatures(Set<String> flags) {

  private static final Path CPUINFO = Path.of("/proc/cpuinfo");
  private static volatile CpuFeatures current;

  public static CpuFeatures current() {
    if (current == null) {
      current = read(CPUINFO);
    }
    return current;
  }

  /** The first {@code flags} line of a cpuinfo file; none where it cannot be read (not Linux). */
  static CpuFeatures read(Path cpuinfo) {
    try (var lines = Files.lines(cpuinfo)) {
      return lines.filter(line -> line.startsWith("flags"))
          .findFirst()
          .map(line -> new CpuFeatures(Arrays.stream(line.substring(line.indexOf(':') + 1).trim().split("\\s+"))
              .collect(Collectors.toUnmodifiableSet())))
          .orElse(new CpuFeatures(Set.of()));
    } catch (IOException | RuntimeException e) {
      return new CpuFeatures(Set.of());
    }
  }

  /**
   * Whether FBGEMM's int8 GEMM accumulates straight into 32 bits: its only VNNI kernels are
   * AVX512-VNNI; CPUs with AVX-VNNI alone (no AVX-512) run its AVX2 kernels, whose 16-bit sums can
   * saturate.
   */
  public boolean hasAvx512Vnni() {
    return flags.contains("avx512_vnni");
  }

  /** Whether bf16 GEMMs run natively (AVX512-BF16 or AMX): elsewhere bf16 is emulated and slower than fp32. */
  public boolean hasBf16Gemm() {
    return flags.contains("avx512_bf16") || flags.contains("amx_bf16");
  }
}
