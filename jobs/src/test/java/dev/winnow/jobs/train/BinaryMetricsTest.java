package dev.winnow.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class BinaryMetricsTest {

  // Scores high to low: 0.9 P, 0.8 N, 0.7 P, 0.6 P, 0.2 N, 0.1 N
  private final BinaryMetrics m = BinaryMetrics.of(
      new double[] {0.2, 0.9, 0.6, 0.8, 0.1, 0.7}, new int[] {0, 1, 1, 0, 0, 1});

  @Test
  void rankingMetrics() {
    // Pairs (P, N) ranked right: 0.9 beats all 3, 0.7 and 0.6 beat 2 each -> 7 of 9.
    assertEquals(7.0 / 9, m.rocAuc(), 1e-12);
    // Average precision: (1/1 + 2/3 + 3/4) / 3.
    assertEquals((1.0 + 2.0 / 3 + 0.75) / 3, m.auprc(), 1e-12);
  }

  @Test
  void thresholds() {
    BinaryMetrics.AtThreshold half = m.at(0.5);
    assertEquals(3, half.truePositives());
    assertEquals(1, half.falsePositives());
    assertEquals(6.0 / 7, half.f1(), 1e-12);
    assertEquals(0.6, m.bestF1().threshold());
    assertEquals(0.7, m.forRecall(0.6).threshold(), "two of three positives at 0.7");
    assertEquals(0.6, m.forRecall(0.9).threshold());
  }

  @Test
  void tiesCountHalf() {
    BinaryMetrics tied = BinaryMetrics.of(new double[] {0.5, 0.5}, new int[] {1, 0});
    assertEquals(0.5, tied.rocAuc(), 1e-12);
    assertThrows(IllegalArgumentException.class, () -> BinaryMetrics.of(new double[] {0.1}, new int[] {1}));
  }
}
