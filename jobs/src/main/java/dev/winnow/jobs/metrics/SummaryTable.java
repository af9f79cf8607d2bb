package dev.winnow.jobs.metrics;

import dev.winnow.jobs.config.MetricsSpec;
import java.util.Locale;

/** The few lines a person running the job wants to see at the end. */
public final class SummaryTable {

  private SummaryTable() {}

  public static String format(RunMetrics m) {
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "winnow score  run %s  model %s%n", m.runId(), m.model()));
    switch (m.outcome()) {
      case ALREADY_COMMITTED -> s.append(String.format(Locale.ROOT, "nothing appended: %s already holds this run "
          + "(rerun of the same input or run_key); the numbers below are that run's%n", m.outputPath()));
      case METRICS_RECOVERED -> s.append(String.format(Locale.ROOT, "metrics recovered: %s already held this run, "
          + "committed by an attempt that stopped before writing its metrics; nothing rescored%n", m.outputPath()));
      case COMMITTED -> { }
    }
    s.append(String.format(Locale.ROOT, "rows %d  scored %d  null %d  empty %d  truncated %d  tokens %d%n",
        m.rows(), m.scoredRows(), m.nullTextRows(), m.emptyTextRows(), m.truncatedRows(), m.tokens()));
    s.append(String.format(Locale.ROOT, "wall %.1f s  %.1f rows/s  %.1f tokens/s%n",
        m.wallSeconds(), m.rowsPerSecond(), m.tokensPerSecond()));
    if (m.malformedRows() > 0) {
      s.append(String.format(Locale.ROOT, "skipped %d malformed input line(s): see malformed_lines in the metrics%n",
          m.malformedRows()));
    }
    if (!m.skippedFiles().isEmpty()) {
      s.append(String.format(Locale.ROOT, "skipped %d unreadable input file(s): see skipped_files in the metrics%n",
          m.skippedFiles().size()));
    }
    s.append(String.format(Locale.ROOT, "%-24s %9s %9s %8s %8s%n", "category", "threshold", "flag rate", "mean", "p90"));
    for (CategoryMetrics c : m.categories()) {
      s.append(String.format(Locale.ROOT, "%-24s %9.3f %9s %8s %8s%n",
          c.name(), c.threshold(), percent(c.flagRate()), number(c.mean()), number(c.p90())));
    }
    s.append(String.format(Locale.ROOT, "%-24s %9s %9s%n", "any", "", percent(m.flagRate())));
    return s.toString();
  }

  /** {@link #format(RunMetrics)}, then where the run wrote: what a person opens next. */
  public static String format(RunMetrics m, MetricsSpec metrics) {
    return format(m) + String.format(Locale.ROOT, "output   %s (%s)%nmetrics  %s (Delta, one row per run)%n"
        + "json     %s%n", m.outputPath(), m.outputFormat(), metrics.tablePath(), metrics.jsonPath());
  }

  /** A rate as a percentage with one decimal, or {@code -} when there is none. */
  public static String percent(Double rate) {
    return rate == null ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * rate);
  }

  private static String number(Double value) {
    return value == null ? "-" : String.format(Locale.ROOT, "%.3f", value);
  }
}
