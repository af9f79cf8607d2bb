package dev.winnow.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThresholdsTest {

  private static final List<String> LABELS = List.of("toxic", "Self-Harm", "hate speech");

  @Test
  void userOverridesBeatModelRecommendationsWhichBeatTheDefault() {
    float[] resolved = Thresholds.of(0.5, java.util.Map.of("toxic", 0.2))
        .resolve(java.util.List.of("toxic", "hate", "refusal"), java.util.Map.of("toxic", 0.7f, "hate", 0.35f));
    org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {0.2f, 0.35f, 0.5f}, resolved);
  }

  @Test
  void defaultAppliesToLabelsWithoutOverride() {
    float[] t = Thresholds.of(0.4).with("Self-Harm", 0.2).with("hate_speech", 0.9).resolve(LABELS);
    assertArrayEquals(new float[] {0.4f, 0.2f, 0.9f}, t);
  }

  @Test
  void unknownLabelsAreNamedWithTheKnownOnes() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> Thresholds.of(0.5, Map.of("violence", 0.3, "toxic", 0.1)).resolve(LABELS));
    assertTrue(e.getMessage().contains("[violence]"), e.getMessage());
    assertTrue(e.getMessage().contains("self_harm"), e.getMessage());
  }

  @Test
  void outOfRangeValuesNameTheLabel() {
    var e = assertThrows(IllegalArgumentException.class, () -> Thresholds.of(0.5).with("toxic", 1.5));
    assertTrue(e.getMessage().contains("'toxic'"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Thresholds.of(-0.1));
    assertThrows(IllegalArgumentException.class, () -> Thresholds.of(Double.NaN));
  }

  @Test
  void sameLabelTwiceIsAnError() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> Thresholds.of(0.5).with("Self-Harm", 0.1).with("self_harm", 0.2).resolve(LABELS));
    assertTrue(e.getMessage().contains("given twice"), e.getMessage());
  }
}
