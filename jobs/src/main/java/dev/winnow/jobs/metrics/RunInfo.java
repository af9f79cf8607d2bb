package dev.winnow.jobs.metrics;

import java.time.Instant;
import java.util.List;

/**
 * What a run's metrics record besides what can be read from its output.
 *
 * @param skippedFiles input files left out as unreadable ({@code input.ignore_corrupt_files})
 * @param malformedRows input lines left out as malformed ({@code input.skip_malformed_lines})
 * @param malformedLines the first of them, as {@code file:line (why)}
 * @param outcome what the run did to its output
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
    RunOutcome outcome) {

  public RunInfo {
    skippedFiles = List.copyOf(skippedFiles);
    malformedLines = List.copyOf(malformedLines);
  }

  /** The same run, finished at {@code when} with {@code result}. */
  public RunInfo finished(Instant when, RunOutcome result) {
    return new RunInfo(runId, modelRef, startedAt, when, inputPath, inputFormat, outputPath, outputFormat,
        skippedFiles, malformedRows, malformedLines, result);
  }

  public double wallSeconds() {
    return Math.max(1e-3, (finishedAt.toEpochMilli() - startedAt.toEpochMilli()) / 1000.0);
  }
}
