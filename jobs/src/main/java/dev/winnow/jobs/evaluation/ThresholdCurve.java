package dev.winnow.jobs.evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Confusion counts at every threshold worth trying: each distinct score, a row predicted positive
 * when its score is at or above the threshold (as {@code flags} decides).
 *
 * <p>Built from counts per distinct score, so rows with tied scores always fall on the same side
 * and a curve over a large table is as big as its number of distinct scores. Shared by {@code
 * evaluate} (best-F1 threshold) and {@code calibrate} (threshold for a target recall).
 */
public final class ThresholdCurve {

  /**
   * Counts at one threshold.
   *
   * @param threshold a score from the data; rows with score >= it are predicted positive
   */
  public record Point(double threshold, long tp, long fp, long tn, long fn) {

    /** tp / (tp + fp); NaN when nothing is predicted positive. */
    public double precision() {
      return ratio(tp, tp + fp);
    }

    /** tp / (tp + fn); NaN when there are no positives. */
    public double recall() {
      return ratio(tp, tp + fn);
    }

    /** 2tp / (2tp + fp + fn); NaN when there are no positives and nothing is predicted positive. */
    public double f1() {
      return ratio(2 * tp, 2 * tp + fp + fn);
    }

    private static double ratio(long part, long whole) {
      return whole == 0 ? Double.NaN : (double) part / whole;
    }
  }

  private final List<Point> points;
  private final long positives;
  private final long negatives;

  private ThresholdCurve(List<Point> points, long positives, long negatives) {
    this.points = List.copyOf(points);
    this.positives = positives;
    this.negatives = negatives;
  }

  /** Accumulates (score, label, count) groups in any order, merging equal scores. */
  public static final class Builder {
    // Descending, so the sweep lowers the threshold one distinct score at a time.
    private final TreeMap<Double, long[]> byScore = new TreeMap<>((a, b) -> Double.compare(b, a));

    public Builder add(double score, boolean positive, long count) {
      if (Double.isNaN(score)) {
        throw new IllegalArgumentException("score is NaN");
      }
      if (count < 0) {
        throw new IllegalArgumentException("negative count " + count + " at score " + score);
      }
      byScore.computeIfAbsent(score, s -> new long[2])[positive ? 0 : 1] += count;
      return this;
    }

    public ThresholdCurve build() {
      long positives = 0;
      long negatives = 0;
      for (long[] c : byScore.values()) {
        positives += c[0];
        negatives += c[1];
      }
      List<Point> points = new ArrayList<>(byScore.size());
      long tp = 0;
      long fp = 0;
      for (var e : byScore.entrySet()) {
        tp += e.getValue()[0];
        fp += e.getValue()[1];
        points.add(new Point(e.getKey(), tp, fp, negatives - fp, positives - tp));
      }
      return new ThresholdCurve(points, positives, negatives);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** One row per score; convenient for tests and small samples. */
  public static ThresholdCurve of(double[] scores, boolean[] labels) {
    if (scores.length != labels.length) {
      throw new IllegalArgumentException(scores.length + " scores for " + labels.length + " labels");
    }
    Builder b = builder();
    for (int i = 0; i < scores.length; i++) {
      b.add(scores[i], labels[i], 1);
    }
    return b.build();
  }

  /** One point per distinct score, highest threshold first. */
  public List<Point> points() {
    return points;
  }

  public long positives() {
    return positives;
  }

  public long negatives() {
    return negatives;
  }

  /** Counts at any threshold (compare float scores with a float threshold widened the same way). */
  public Point at(double threshold) {
    Point last = new Point(threshold, 0, 0, negatives, positives);
    for (Point p : points) {
      if (p.threshold() < threshold) {
        break;
      }
      last = p;
    }
    return new Point(threshold, last.tp(), last.fp(), last.tn(), last.fn());
  }

  /**
   * The threshold with the best F1; among equal F1 the highest (fewest flags). Empty without
   * positives, where F1 is 0 or undefined everywhere.
   */
  public Optional<Point> bestF1() {
    Point best = null;
    for (Point p : points) {
      if (positives > 0 && (best == null || p.f1() > best.f1())) {
        best = p;
      }
    }
    return Optional.ofNullable(best);
  }

  /**
   * The highest threshold whose recall is at least {@code target}: recall only grows as the
   * threshold falls, so this is the one with the fewest flags that still meets the target. Empty
   * without positives.
   */
  public Optional<Point> highestWithRecall(double target) {
    for (Point p : points) {
      if (positives > 0 && p.recall() >= target) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
