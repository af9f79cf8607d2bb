package dev.winnow.jobs.metrics;

import java.time.Instant;
import java.util.List;

/**
 * What a run's metrics record besides what can be read from its output.
 *
 * @param skippedFiles input files left out as unreadable ({@code input.ignore_corrupt_files})
 * @param malformedRows input lines left out as malformed ({@code input.skip_malformed_lines})
 * @param malformedLines the first of them, as {@code file:line (why)}
 * @param committed false when an idempotent append found its run already in the output and
 *     wrote nothing (the metrics then describe the run committed before)
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
    List<String> skippedFiles,
    long malformedRows,
    List<String> malformedLines,
    boolean committed) {

  public RunInfo {
    skippedFiles = List.copyOf(skippedFiles);
    malformedLines = List.copyOf(malformedLines);
  }

  public double wallSeconds() {
    return Math.max(1e-3, (finishedAt.toEpochMilli() - startedAt.toEpochMilli()) / 1000.0);
  }
}
