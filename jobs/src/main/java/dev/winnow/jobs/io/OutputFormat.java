package dev.winnow.jobs.io;

/** Table format of the scored output. */
public enum OutputFormat {
  /** Atomic commits: a failed run leaves the table as it was. */
  DELTA,
  /** A directory committed by Spark's output committer; readers see it once {@code _SUCCESS} is written. */
  PARQUET
}
