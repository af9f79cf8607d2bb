package dev.winnow.jobs.metrics;

import java.time.Instant;
import java.util.List;

/**
 * What one {@code score} run did. Throughput is over the wall time from start to committed output,
 * so it includes reading, scoring and writing but not the metrics pass itself.
 *
 * @param scoredRows rows that reached the model (not skipped)
 * @param flagRate flagged rows / scored rows; null when nothing was scored
 * @param skippedFiles input files left out as unreadable; their rows are in no count here
 * @param malformedRows input lines left out as malformed; in no other count here
 * @param malformedLines the first of them, as {@code file:line (why)}
 * @param outcome what the run did to its output (the numbers are always the committed run's)
 */
public record RunMetrics(
    String runId,
    String model,
    String modelRef,
    Instant startedAt,
    Instant finishedAt,
    String inputPath,
    String inputFormat,
    String outputPath,
    String outputFormat,
    long rows,
    long scoredRows,
    long tokens,
    double wallSeconds,
    double rowsPerSecond,
    double tokensPerSecond,
    long truncatedRows,
    long nullTextRows,
    long emptyTextRows,
    long flaggedRows,
    Double flagRate,
    List<CategoryMetrics> categories,
    List<String> skippedFiles,
    long malformedRows,
    List<String> malformedLines,
    RunOutcome outcome) {

  public RunMetrics {
    categories = List.copyOf(categories);
    skippedFiles = List.copyOf(skippedFiles);
    malformedLines = List.copyOf(malformedLines);
  }
}
