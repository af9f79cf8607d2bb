package dev.winnow.jobs.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Every expected number below is worked out by hand in the comments. */
class BinaryMetricsTest {

  private static final boolean P = true;
  private static final boolean N = false;

  @Test
  void sweepsDistinctScoresFromTheTop() {
    // scores 0.9 P, 0.8 N, 0.8 P, 0.3 N, 0.1 P: 3 positives, 2 negatives
    BinaryMetrics c = BinaryMetrics.of(new double[] {0.3, 0.8, 0.9, 0.1, 0.8}, new boolean[] {N, P, P, P, N});
    assertEquals(3, c.positives());
    assertEquals(2, c.negatives());
    assertEquals(List.of(
        new Confusion(0.9, 1, 0, 2, 2),   // P 1,   R 1/3, F1 2/(2+0+2) = 0.5
        new Confusion(0.8, 2, 1, 1, 1),   // P 2/3, R 2/3, F1 4/6
        new Confusion(0.3, 2, 2, 0, 1),   // P 1/2, R 2/3, F1 4/7
        new Confusion(0.1, 3, 2, 0, 0)),  // P 3/5, R 1,   F1 6/8
        c.points());
    Confusion p = c.points().get(1);
    assertEquals(2.0 / 3, p.precision(), 1e-12);
    assertEquals(2.0 / 3, p.recall(), 1e-12);
    assertEquals(4.0 / 6, p.f1(), 1e-12);
    assertEquals(0.1, c.bestF1().orElseThrow().threshold());
    assertEquals(0.75, c.bestF1().orElseThrow().f1(), 1e-12);
    // recall only steps 1/3 -> 2/3 -> 1 as the threshold falls
    assertEquals(0.9, c.highestWithRecall(0.3).orElseThrow().threshold());
    assertEquals(0.8, c.highestWithRecall(0.5).orElseThrow().threshold());
    assertEquals(0.8, c.highestWithRecall(2.0 / 3).orElseThrow().threshold());
    assertEquals(0.1, c.highestWithRecall(0.9).orElseThrow().threshold());
  }

  @Test
  void tiedScoresAreOneConfusion() {
    // 0.5 P, 0.5 N, 0.5 P, 0.2 N: no threshold separates the three rows at 0.5
    BinaryMetrics c = BinaryMetrics.of(new double[] {0.5, 0.5, 0.5, 0.2}, new boolean[] {P, N, P, N});
    assertEquals(List.of(new Confusion(0.5, 2, 1, 1, 0), new Confusion(0.2, 2, 2, 0, 0)), c.points());
    // the target recall 0.5 cannot stop between the tied positives: 0.5 gives recall 1
    assertEquals(new Confusion(0.5, 2, 1, 1, 0), c.highestWithRecall(0.5).orElseThrow());
    // F1 at 0.5 = 4/5, at 0.2 = 4/6
    assertEquals(0.5, c.bestF1().orElseThrow().threshold());
  }

  @Test
  void builderMergesCountsOfEqualScores() {
    BinaryMetrics c = BinaryMetrics.builder()
        .add(0.4, P, 2).add(0.7, N, 1).add(0.4, N, 3).add(0.7, P, 4).build();
    assertEquals(List.of(new Confusion(0.7, 4, 1, 3, 2), new Confusion(0.4, 6, 4, 0, 0)), c.points());
    assertThrows(IllegalArgumentException.class, () -> BinaryMetrics.builder().add(Double.NaN, P, 1));
  }

  @Test
  void allNegativeHasNoRecallAndNoChoice() {
    BinaryMetrics c = BinaryMetrics.of(new double[] {0.2, 0.7}, new boolean[] {N, N});
    assertEquals(0, c.positives());
    assertTrue(Double.isNaN(c.points().get(0).recall()));
    assertEquals(0.0, c.points().get(0).precision());
    assertTrue(c.bestF1().isEmpty());
    assertTrue(c.highestWithRecall(0.9).isEmpty());
  }

  @Test
  void allPositiveHasPerfectPrecision() {
    // 0.7, 0.4, 0.2 all positive: recall 1/3, 2/3, 1; F1 2/4, 4/5, 1
    BinaryMetrics c = BinaryMetrics.of(new double[] {0.2, 0.7, 0.4}, new boolean[] {P, P, P});
    c.points().forEach(p -> assertEquals(1.0, p.precision()));
    assertEquals(0.4, c.highestWithRecall(0.6).orElseThrow().threshold());
    assertEquals(0.2, c.bestF1().orElseThrow().threshold());
    assertEquals(1.0, c.bestF1().orElseThrow().f1());
  }

  @Test
  void countsAtAnyThreshold() {
    BinaryMetrics c = BinaryMetrics.of(new double[] {0.3, 0.8, 0.9, 0.1, 0.8}, new boolean[] {N, P, P, P, N});
    assertEquals(new Confusion(0.85, 1, 0, 2, 2), c.at(0.85));
    assertEquals(new Confusion(0.8, 2, 1, 1, 1), c.at(0.8));
    Confusion none = c.at(0.95);
    assertEquals(new Confusion(0.95, 0, 0, 2, 3), none);
    assertTrue(Double.isNaN(none.precision()));
    assertEquals(new Confusion(0.0, 3, 2, 0, 0), c.at(0.0));
  }
  // Scores high to low: 0.9 P, 0.8 N, 0.7 P, 0.6 P, 0.2 N, 0.1 N
  private final BinaryMetrics m = BinaryMetrics.of(
      new double[] {0.2, 0.9, 0.6, 0.8, 0.1, 0.7}, new int[] {0, 1, 1, 0, 0, 1});

  @Test
  void areas() {
    // Pairs (P, N) ranked right: 0.9 beats all 3, 0.7 and 0.6 beat 2 each -> 7 of 9.
    assertEquals(7.0 / 9, m.rocAuc(), 1e-12);
    // Average precision: (1/1 + 2/3 + 3/4) / 3; the trapezoidal area would be 0.7986.
    assertEquals((1.0 + 2.0 / 3 + 0.75) / 3, m.averagePrecision(), 1e-12);
  }

  @Test
  void averagePrecisionWeighsTiedRowsAsOneStep() {
    // 0.8 P, 0.5 P, 0.5 N, 0.5 N, 0.1 P: recall steps 1/3 at P 1, 1/3 at P 2/4, 1/3 at P 3/5
    BinaryMetrics tied = BinaryMetrics.of(new double[] {0.5, 0.8, 0.5, 0.1, 0.5}, new int[] {0, 1, 1, 1, 0});
    assertEquals((1.0 + 0.5 + 0.6) / 3, tied.averagePrecision(), 1e-12);
  }

  @Test
  void thresholds() {
    Confusion half = m.at(0.5);
    assertEquals(3, half.tp());
    assertEquals(1, half.fp());
    assertEquals(6.0 / 7, half.f1(), 1e-12);
    assertEquals(0.6, m.bestF1().orElseThrow().threshold());
    assertEquals(0.7, m.highestWithRecall(0.6).orElseThrow().threshold(), "two of three positives at 0.7");
    assertEquals(0.6, m.highestWithRecall(0.9).orElseThrow().threshold());
  }

  @Test
  void nothingPredictedHasNoPrecisionButZeroF1() {
    Confusion none = m.at(0.95);
    assertTrue(Double.isNaN(none.precision()), "undefined, not 1.0");
    assertEquals(0.0, none.recall());
    assertEquals(0.0, none.f1());
  }

  @Test
  void tiesCountHalfAndMissingClassesLeaveAreasUndefined() {
    BinaryMetrics tied = BinaryMetrics.of(new double[] {0.5, 0.5}, new int[] {1, 0});
    assertEquals(0.5, tied.rocAuc(), 1e-12);
    BinaryMetrics positivesOnly = BinaryMetrics.of(new float[] {0.1f, 0.4f}, new int[] {1, 1});
    assertTrue(Double.isNaN(positivesOnly.rocAuc()));
    assertEquals(1.0, positivesOnly.averagePrecision(), 1e-12);
    BinaryMetrics negativesOnly = BinaryMetrics.of(new double[] {0.1}, new boolean[] {false});
    assertTrue(Double.isNaN(negativesOnly.averagePrecision()));
    assertThrows(IllegalArgumentException.class, () -> BinaryMetrics.of(new double[] {0.1}, new int[] {2}));
    assertThrows(IllegalArgumentException.class, () -> BinaryMetrics.of(new double[] {0.1}, new int[] {1, 0}));
  }

  @Test
  void floatScoresKeepTheirFloatValueAsThresholds() {
    BinaryMetrics f = BinaryMetrics.of(new float[] {0.3f, 0.7f}, new int[] {0, 1});
    assertEquals((double) 0.7f, f.bestF1().orElseThrow().threshold());
    assertEquals(1, f.at(0.7f).tp());
  }
}
