package dev.winnow.runtime;

/** What to do with a text longer than the model's window. */
public enum LongTextPolicy {
  /** Keep the first window only (fast; the tail of long documents is not seen). */
  TRUNCATE,
  /** Score overlapping windows and aggregate per label. */
  CHUNK
}
