package dev.winnow.jobs.train;

import com.google.gson.JsonObject;
import java.util.Arrays;
import java.util.Comparator;

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

  private final double[] scores;
  private final int[] labels;
  private final long positives;

  /** Sorted by descending score. */
  private BinaryMetrics(double[] scores, int[] labels) {
    this.scores = scores;
    this.labels = labels;
    this.positives = Arrays.stream(labels).filter(l -> l == 1).count();
  }

  /**
   * @throws IllegalArgumentException when lengths differ, a label is not 0/1, or a class is missing
   *     (no metric here is defined without both)
   */
  public static BinaryMetrics of(double[] scores, int[] labels) {
    if (scores.length != labels.length) {
      throw new IllegalArgumentException(scores.length + " scores for " + labels.length + " labels");
    }
    Integer[] order = new Integer[scores.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
      if (labels[i] != 0 && labels[i] != 1) {
        throw new IllegalArgumentException("label " + labels[i] + " at row " + i + " is not 0 or 1");
      }
    }
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> scores[i]).reversed());
    double[] s = new double[order.length];
    int[] l = new int[order.length];
    for (int i = 0; i < order.length; i++) {
      s[i] = scores[order[i]];
      l[i] = labels[order[i]];
    }
    BinaryMetrics metrics = new BinaryMetrics(s, l);
    if (metrics.positives == 0 || metrics.negatives() == 0) {
      throw new IllegalArgumentException("needs positives and negatives; got " + metrics.positives
          + " positives and " + metrics.negatives() + " negatives");
    }
    return metrics;
  }

  public int size() {
    return scores.length;
  }

  public long positives() {
    return positives;
  }

  public long negatives() {
    return scores.length - positives;
  }

  /** Area under the ROC curve; tied scores count half (the Mann-Whitney statistic). */
  public double rocAuc() {
    double area = 0;
    long tp = 0;
    long fp = 0;
    for (int end = 0, start = 0; start < scores.length; start = end) {
      long groupTp = 0;
      long groupFp = 0;
      while (end < scores.length && scores[end] == scores[start]) {
        if (labels[end] == 1) groupTp++; else groupFp++;
        end++;
      }
      area += groupFp * (tp + groupTp / 2.0);
      tp += groupTp;
      fp += groupFp;
    }
    return area / ((double) positives * negatives());
  }

  /**
   * Area under the precision-recall curve as average precision: the precision at each distinct
   * threshold weighted by the recall it adds (scikit-learn's {@code average_precision_score}; no
   * interpolation, so it is not optimistic).
   */
  public double auprc() {
    double area = 0;
    long tp = 0;
    long fp = 0;
    for (int end = 0, start = 0; start < scores.length; start = end) {
      long groupTp = 0;
      while (end < scores.length && scores[end] == scores[start]) {
        if (labels[end] == 1) groupTp++; else fp++;
        end++;
      }
      tp += groupTp;
      area += (double) groupTp / positives * ((double) tp / (tp + fp));
    }
    return area;
  }

  /** Counts with texts scoring at or above {@code threshold} predicted positive. */
  public AtThreshold at(double threshold) {
    long tp = 0;
    long fp = 0;
    for (int i = 0; i < scores.length && scores[i] >= threshold; i++) {
      if (labels[i] == 1) tp++; else fp++;
    }
    return new AtThreshold(threshold, tp, fp, positives - tp);
  }

  /** The threshold (one of the scores) with the highest F1; the higher threshold on ties. */
  public AtThreshold bestF1() {
    AtThreshold best = null;
    for (AtThreshold candidate : candidates()) {
      if (best == null || candidate.f1() > best.f1()) {
        best = candidate;
      }
    }
    return best;
  }

  /** The highest threshold (one of the scores) whose recall reaches {@code target}. */
  public AtThreshold forRecall(double target) {
    for (AtThreshold candidate : candidates()) {
      if (candidate.recall() >= target) {
        return candidate;
      }
    }
    throw new IllegalStateException("recall never reaches " + target); // the lowest score reaches 1
  }

  /** One threshold per distinct score, highest first. */
  private java.util.List<AtThreshold> candidates() {
    java.util.List<AtThreshold> out = new java.util.ArrayList<>();
    long tp = 0;
    long fp = 0;
    for (int end = 0, start = 0; start < scores.length; start = end) {
      while (end < scores.length && scores[end] == scores[start]) {
        if (labels[end] == 1) tp++; else fp++;
        end++;
      }
      out.add(new AtThreshold(scores[start], tp, fp, positives - tp));
    }
    return out;
  }
}
