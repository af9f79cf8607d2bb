package dev.winnow.jobs.measure;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Scores against binary labels: the confusion counts at every threshold worth trying (each
 * distinct score, highest first), the areas under the ROC and precision-recall curves, and the
 * thresholds that best F1 or a recall target choose. See the package documentation for the one
 * definition of each measure.
 *
 * <p>Built from counts per distinct score, so rows with tied scores always fall on the same side
 * and the curve over a large table is as big as its number of distinct scores: {@code evaluate}
 * feeds it grouped counts from Spark, {@code train} the arrays of a validation split.
 */
public final class BinaryMetrics {

  private final List<Confusion> points;
  private final long positives;
  private final long negatives;

  private BinaryMetrics(List<Confusion> points, long positives, long negatives) {
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

    public BinaryMetrics build() {
      long positives = 0;
      long negatives = 0;
      for (long[] c : byScore.values()) {
        positives += c[0];
        negatives += c[1];
      }
      List<Confusion> points = new ArrayList<>(byScore.size());
      long tp = 0;
      long fp = 0;
      for (var e : byScore.entrySet()) {
        tp += e.getValue()[0];
        fp += e.getValue()[1];
        points.add(new Confusion(e.getKey(), tp, fp, negatives - fp, positives - tp));
      }
      return new BinaryMetrics(points, positives, negatives);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** One row per score. */
  public static BinaryMetrics of(double[] scores, boolean[] labels) {
    sameLength(scores.length, labels.length);
    Builder b = builder();
    for (int i = 0; i < scores.length; i++) {
      b.add(scores[i], labels[i], 1);
    }
    return b.build();
  }

  /** One row per score; labels are 0 or 1. */
  public static BinaryMetrics of(double[] scores, int[] labels) {
    sameLength(scores.length, labels.length);
    Builder b = builder();
    for (int i = 0; i < scores.length; i++) {
      b.add(scores[i], positive(labels, i), 1);
    }
    return b.build();
  }

  /**
   * One row per score; labels are 0 or 1. Float scores are widened exactly, so thresholds taken
   * from them compare as the score job's float flags do.
   */
  public static BinaryMetrics of(float[] scores, int[] labels) {
    sameLength(scores.length, labels.length);
    Builder b = builder();
    for (int i = 0; i < scores.length; i++) {
      b.add(scores[i], positive(labels, i), 1);
    }
    return b.build();
  }

  private static void sameLength(int scores, int labels) {
    if (scores != labels) {
      throw new IllegalArgumentException(scores + " scores for " + labels + " labels");
    }
  }

  private static boolean positive(int[] labels, int row) {
    if (labels[row] != 0 && labels[row] != 1) {
      throw new IllegalArgumentException("label " + labels[row] + " at row " + row + " is not 0 or 1");
    }
    return labels[row] == 1;
  }

  /**
   * This, when it has both positives and negatives: what choosing by average precision, best F1
   * or a recall target needs.
   *
   * @param what names the rows in the message, e.g. {@code "label 'toxic', fold 2 validation"}
   * @throws IllegalArgumentException naming {@code what} and the counts otherwise
   */
  public BinaryMetrics requireBothClasses(String what) {
    if (positives == 0 || negatives == 0) {
      throw new IllegalArgumentException(what + ": needs positives and negatives; got " + positives
          + " positives and " + negatives + " negatives");
    }
    return this;
  }

  /** One point per distinct score, highest threshold first: the threshold curve. */
  public List<Confusion> points() {
    return points;
  }

  public long size() {
    return positives + negatives;
  }

  public long positives() {
    return positives;
  }

  public long negatives() {
    return negatives;
  }

  /**
   * Area under the ROC curve by trapezoids over the distinct scores: the probability that a random
   * positive outscores a random negative, ties counting half. NaN without both classes.
   */
  public double rocAuc() {
    if (positives == 0 || negatives == 0) {
      return Double.NaN;
    }
    double area = 0;
    long tp = 0;
    long fp = 0;
    for (Confusion p : points) {
      area += (p.fp() - fp) * (tp + (p.tp() - tp) / 2.0);
      tp = p.tp();
      fp = p.fp();
    }
    return area / ((double) positives * negatives);
  }

  /**
   * The area under the precision-recall curve as average precision: the precision at each distinct
   * threshold weighted by the recall it adds (scikit-learn's {@code average_precision_score}). Not
   * the trapezoidal area MLlib's {@code areaUnderPR} reports, which interpolates linearly between
   * points and starts from precision 1 at recall 0, and so runs optimistic. NaN without positives.
   */
  public double averagePrecision() {
    if (positives == 0) {
      return Double.NaN;
    }
    double area = 0;
    long tp = 0;
    for (Confusion p : points) {
      area += (double) (p.tp() - tp) / positives * p.precision();
      tp = p.tp();
    }
    return area;
  }

  /**
   * Counts at any threshold. Compare float scores with a float threshold widened the same way, or
   * a score that equals the threshold in float may fall below it in double.
   */
  public Confusion at(double threshold) {
    Confusion last = new Confusion(threshold, 0, 0, negatives, positives);
    for (Confusion p : points) {
      if (p.threshold() < threshold) {
        break;
      }
      last = p;
    }
    return new Confusion(threshold, last.tp(), last.fp(), last.tn(), last.fn());
  }

  /**
   * The threshold (one of the scores) with the best F1; among equal F1 the highest (fewest flags).
   * Empty without positives, where F1 is 0 or undefined everywhere.
   */
  public Optional<Confusion> bestF1() {
    Confusion best = null;
    for (Confusion p : points) {
      if (positives > 0 && (best == null || p.f1() > best.f1())) {
        best = p;
      }
    }
    return Optional.ofNullable(best);
  }

  /**
   * The highest threshold (one of the scores) whose recall is at least {@code target}: recall only
   * grows as the threshold falls, so this is the one with the fewest flags that still meets the
   * target. Empty without positives.
   */
  public Optional<Confusion> highestWithRecall(double target) {
    for (Confusion p : points) {
      if (positives > 0 && p.recall() >= target) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
