package dev.winnow.jobs.train;

import dev.winnow.jobs.evaluation.ThresholdCurve;
import com.google.gson.JsonObject;

/**
 * Ranking and threshold metrics of scores against 0/1 labels, computed on the driver (validation
 * sets are small). A text is predicted positive when its score is at or above the threshold, as
 * the score job flags it.
 */
public final class BinaryMetrics {

  /** Counts at one threshold. */
  public record AtThreshold(double threshold, long truePositives, long falsePositives, long falseNegatives) {

    public double precision() {
      long predicted = truePositives + falsePositives;
      return predicted == 0 ? 1.0 : (double) truePositives / predicted;
    }

    public double recall() {
      long positives = truePositives + falseNegatives;
      return positives == 0 ? 0.0 : (double) truePositives / positives;
    }

    public double f1() {
      double p = precision();
      double r = recall();
      return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
    }

    public JsonObject toJson() {
      JsonObject o = new JsonObject();
      o.addProperty("threshold", threshold);
      o.addProperty("precision", precision());
      o.addProperty("recall", recall());
      o.addProperty("f1", f1());
      o.addProperty("true_positives", truePositives);
      o.addProperty("false_positives", falsePositives);
      o.addProperty("false_negatives", falseNegatives);
      return o;
    }
  }

  // The sweep over thresholds is the evaluate job's; this class adds the training view of it
  // (both classes required, areas computed exactly, counts as JSON).
  private final ThresholdCurve curve;

  private BinaryMetrics(ThresholdCurve curve) {
    this.curve = curve;
  }

  /**
   * @throws IllegalArgumentException when lengths differ, a label is not 0/1, or a class is missing
   *     (no metric here is defined without both)
   */
  public static BinaryMetrics of(double[] scores, int[] labels) {
    boolean[] positive = new boolean[labels.length];
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] != 0 && labels[i] != 1) {
        throw new IllegalArgumentException("label " + labels[i] + " at row " + i + " is not 0 or 1");
      }
      positive[i] = labels[i] == 1;
    }
    ThresholdCurve curve = ThresholdCurve.of(scores, positive);
    if (curve.positives() == 0 || curve.negatives() == 0) {
      throw new IllegalArgumentException("needs positives and negatives; got " + curve.positives()
          + " positives and " + curve.negatives() + " negatives");
    }
    return new BinaryMetrics(curve);
  }

  public int size() {
    return (int) (curve.positives() + curve.negatives());
  }

  public long positives() {
    return curve.positives();
  }

  public long negatives() {
    return curve.negatives();
  }

  /** Area under the ROC curve; tied scores count half (the Mann-Whitney statistic). */
  public double rocAuc() {
    double area = 0;
    long tp = 0;
    long fp = 0;
    for (ThresholdCurve.Point p : curve.points()) {
      area += (p.fp() - fp) * (tp + (p.tp() - tp) / 2.0);
      tp = p.tp();
      fp = p.fp();
    }
    return area / ((double) positives() * negatives());
  }

  /**
   * Area under the precision-recall curve as average precision: the precision at each distinct
   * threshold weighted by the recall it adds (scikit-learn's {@code average_precision_score}; no
   * interpolation, so it is not optimistic).
   */
  public double auprc() {
    double area = 0;
    long tp = 0;
    for (ThresholdCurve.Point p : curve.points()) {
      area += (double) (p.tp() - tp) / positives() * p.precision();
      tp = p.tp();
    }
    return area;
  }

  /** Counts with texts scoring at or above {@code threshold} predicted positive. */
  public AtThreshold at(double threshold) {
    return counts(curve.at(threshold));
  }

  /** The threshold (one of the scores) with the highest F1; the higher threshold on ties. */
  public AtThreshold bestF1() {
    return counts(curve.bestF1().orElseThrow());
  }

  /** The highest threshold (one of the scores) whose recall reaches {@code target}. */
  public AtThreshold forRecall(double target) {
    return counts(curve.highestWithRecall(target).orElseThrow());
  }

  private static AtThreshold counts(ThresholdCurve.Point p) {
    return new AtThreshold(p.threshold(), p.tp(), p.fp(), p.fn());
  }
}
