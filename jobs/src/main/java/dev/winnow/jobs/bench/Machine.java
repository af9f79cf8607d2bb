package dev.winnow.jobs.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The machine a benchmark ran on, as printed beside its numbers (the box may be shared).
 *
 * @param gpus the NVIDIA GPUs' models the driver lists, comma-separated; empty when none
 */
public record Machine(String cpu, int cores, long memoryMb, String os, String jvm, String gpus, String loadAverage) {

  static Machine describe() {
    return new Machine(
        cpuModel(),
        Runtime.getRuntime().availableProcessors(),
        readMemoryMb(),
        System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
        nvidiaGpus(),
        readLoadAverage());
  }

  /** Read from the driver's files rather than by starting {@code nvidia-smi}: no process, no PATH. */
  private static String nvidiaGpus() {
    Path driver = Path.of("/proc/driver/nvidia/gpus");
    if (!Files.isDirectory(driver)) {
      return "";
    }
    try (Stream<Path> gpus = Files.list(driver)) {
      return gpus.sorted()
          .map(gpu -> procLine(gpu.resolve("information"), "Model").orElse("unknown NVIDIA GPU"))
          .collect(Collectors.joining(", "));
    } catch (IOException e) {
      return "";
    }
  }

  private static String cpuModel() {
    return procLine(Path.of("/proc/cpuinfo"), "model name").orElse(System.getProperty("os.arch"));
  }

  private static long readMemoryMb() {
    return procLine(Path.of("/proc/meminfo"), "MemTotal")
        .map(v -> Long.parseLong(v.replaceAll("[^0-9]", "")) / 1024)
        .orElse(-1L);
  }

  /** The 1, 5 and 15-minute load averages. */
  private static String readLoadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException | RuntimeException e) {
      return String.format("%.2f", ProcessStats.loadAverage());
    }
  }

  private static Optional<String> procLine(Path file, String key) {
    try {
      return Files.readAllLines(file).stream()
          .filter(line -> line.startsWith(key))
          .map(line -> line.substring(line.indexOf(':') + 1).trim())
          .findFirst();
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
