package dev.winnow.jobs.measure;

/**
 * Confusion counts at one threshold: rows scoring at or above it are predicted positive.
 *
 * @param threshold the threshold the counts were taken at (NaN when they come from elsewhere, such
 *     as per-category thresholds)
 */
public record Confusion(double threshold, long tp, long fp, long tn, long fn) {

  /** tp / (tp + fp); NaN when nothing is predicted positive. */
  public double precision() {
    return ratio(tp, tp + fp);
  }

  /** tp / (tp + fn); NaN when there are no positives. */
  public double recall() {
    return ratio(tp, tp + fn);
  }

  /**
   * 2tp / (2tp + fp + fn), the harmonic mean of precision and recall written so that it stays
   * defined (0) when nothing is predicted positive; NaN only without positives and predictions.
   */
  public double f1() {
    return ratio(2 * tp, 2 * tp + fp + fn);
  }

  private static double ratio(long part, long whole) {
    return whole == 0 ? Double.NaN : (double) part / whole;
  }
}
