package dev.winnow.jobs.metrics;

import java.time.Instant;
import java.util.List;

/**
 * What a run's metrics record besides what can be read from its output.
 *
 * @param skippedFiles input files left out as unreadable ({@code input.ignore_corrupt_files})
 */
public record RunInfo(
    String runId,
    String modelRef,
    Instant startedAt,
    Instant finishedAt,
    String inputPath,
    String inputFormat,
    String outputPath,
    String outputFormat,
    List<String> skippedFiles) {

  public RunInfo {
    skippedFiles = List.copyOf(skippedFiles);
  }

  public double wallSeconds() {
    return Math.max(1e-3, (finishedAt.toEpochMilli() - startedAt.toEpochMilli()) / 1000.0);
  }
}
