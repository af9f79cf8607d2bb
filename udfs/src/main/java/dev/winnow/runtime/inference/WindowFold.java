package dev.winnow.runtime.inference;

import dev.winnow.runtime.WindowAggregation;

/** Accumulates per-window scores into one score per text and label. */
final class WindowFold {

  private final float[][] acc;
  private final int[] counts;
  private final WindowAggregation aggregation;

  WindowFold(int texts, int labels, WindowAggregation aggregation) {
    this.acc = new float[texts][labels];
    this.counts = new int[texts];
    this.aggregation = aggregation;
  }

  void add(int text, float[] scores) {
    float[] row = acc[text];
    for (int l = 0; l < row.length; l++) {
      row[l] = counts[text] == 0 ? scores[l]
          : aggregation == WindowAggregation.MAX ? Math.max(row[l], scores[l]) : row[l] + scores[l];
    }
    counts[text]++;
  }

  float[] result(int text) {
    float[] row = acc[text].clone();
    if (aggregation == WindowAggregation.MEAN) {
      for (int l = 0; l < row.length; l++) {
        row[l] /= counts[text];
      }
    }
    return row;
  }

  int windows(int text) {
    return counts[text];
  }
}
