package dev.winnow.runtime.nn;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/** Instruction-set features of this machine's CPU that change which kernels are safe. */
record CpuFeatures(Set<String> flags) {

  private static final Path CPUINFO = Path.of("/proc/cpuinfo");
  private static volatile CpuFeatures current;

  static CpuFeatures current() {
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

  /** Whether int8 dot products accumulate straight into 32 bits (AVX512-VNNI or AVX-VNNI). */
  boolean hasVnni() {
    return flags.contains("avx512_vnni") || flags.contains("avx_vnni");
  }
}
