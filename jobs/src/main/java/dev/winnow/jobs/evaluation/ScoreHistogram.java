package dev.winnow.jobs.evaluation;

import dev.winnow.jobs.metrics.CategoryMetrics;
import java.util.Arrays;

/**
 * Scores of labeled rows in {@value CategoryMetrics#BINS} bins over [0, 1], positives and
 * negatives apart; binned like the score job's histograms (the last bin also holds 1.0).
 */
public record ScoreHistogram(long[] positives, long[] negatives) {

  public static final int BINS = CategoryMetrics.BINS;

  public ScoreHistogram {
    positives = positives.clone();
    negatives = negatives.clone();
  }

  public static ScoreHistogram empty() {
    return new ScoreHistogram(new long[BINS], new long[BINS]);
  }

  public static int bin(double score) {
    return (int) Math.max(0, Math.min(BINS - 1, Math.floor(score * BINS)));
  }

  /** A copy with {@code count} more rows of {@code score}. */
  ScoreHistogram plus(double score, boolean positive, long count) {
    long[] p = positives.clone();
    long[] n = negatives.clone();
    (positive ? p : n)[bin(score)] += count;
    return new ScoreHistogram(p, n);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ScoreHistogram h && Arrays.equals(h.positives, positives) && Arrays.equals(h.negatives, negatives);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(positives) + Arrays.hashCode(negatives);
  }
}
