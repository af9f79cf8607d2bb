package dev.winnow.jobs.metrics;

import java.time.Instant;

/** What a run's metrics record besides what can be read from its output. */
public record RunInfo(
    String runId,
    String modelRef,
    Instant startedAt,
    Instant finishedAt,
    String inputPath,
    String inputFormat,
    String outputPath,
    String outputFormat) {

  public double wallSeconds() {
    return Math.max(1e-3, (finishedAt.toEpochMilli() - startedAt.toEpochMilli()) / 1000.0);
  }
}
