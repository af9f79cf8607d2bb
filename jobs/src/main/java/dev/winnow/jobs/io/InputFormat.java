package dev.winnow.jobs.io;

/** How input texts are stored. */
public enum InputFormat {
  /** Decide from the path: see {@link FormatDetector}. */
  AUTO,
  PARQUET,
  DELTA,
  /** Spark's JSON: one object per line, or one top-level array (detected from the first byte). */
  JSON,
  /** JSON Lines: one object per line. */
  JSONL,
  CSV
}
