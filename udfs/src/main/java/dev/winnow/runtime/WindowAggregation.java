package dev.winnow.runtime;

/** How per-window scores of a chunked text become one score per label. */
public enum WindowAggregation {
  /** A document is as unsafe as its worst window (the safety default). */
  MAX,
  MEAN
}
