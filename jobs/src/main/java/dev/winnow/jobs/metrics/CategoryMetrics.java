package dev.winnow.jobs.metrics;

import java.util.List;

/**
 * Score distribution of one label over a run's scored rows (skipped rows have no score).
 *
 * @param name sanitized label, as in {@code flags}
 * @param label label as the model spells it
 * @param column score column
 * @param threshold score at or above which the label flags
 * @param mean null when no row was scored, like the percentiles
 * @param flagRate flagged rows / scored rows
 * @param histogram {@value #BINS} counts over [0, 1]: bin i holds scores in [i/20, (i+1)/20), the
 *     last bin also holds 1.0
 */
public record CategoryMetrics(
    String name,
    String label,
    String column,
    double threshold,
    long scoredRows,
    Double mean,
    Double p50,
    Double p90,
    Double p99,
    long flaggedRows,
    Double flagRate,
    List<Long> histogram) {

  public static final int BINS = 20;

  public CategoryMetrics {
    histogram = List.copyOf(histogram);
  }
}
