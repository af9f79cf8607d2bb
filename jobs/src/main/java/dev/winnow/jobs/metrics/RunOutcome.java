package dev.winnow.jobs.metrics;

/** What a run did to its output; the summary says so when it is not the usual. */
public enum RunOutcome {
  /** Wrote and committed its rows. */
  COMMITTED,
  /** An idempotent append whose run the output already held: nothing written, nothing scored. */
  ALREADY_COMMITTED,
  /**
   * The output already held this run, committed by an attempt that stopped before writing its
   * metrics; this run wrote only the metrics, computed from the committed rows.
   */
  METRICS_RECOVERED
}
