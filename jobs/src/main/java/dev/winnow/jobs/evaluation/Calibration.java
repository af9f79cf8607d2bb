package dev.winnow.jobs.evaluation;

import dev.winnow.jobs.config.CalibrateConfig.Objective;
import dev.winnow.jobs.measure.BinaryMetrics;
import dev.winnow.jobs.measure.Confusion;
import java.util.Locale;

/**
 * How one category's threshold was chosen from its labeled sample.
 *
 * @param threshold the threshold to use (chosen, or the one in use when {@code chosen} is false)
 * @param chosen whether the sample decided it; false when there were too few positives
 * @param how why this value, for people reading the thresholds file
 * @param precision at {@code threshold} on the sample; NaN when nothing is flagged
 * @param recall at {@code threshold} on the sample; NaN without positives
 */
public record Calibration(
    String name, float threshold, boolean chosen, String how, long positives, long negatives,
    double precision, double recall) {

  /**
   * Picks a threshold from {@code curve}: for {@link Objective#RECALL} the highest reaching {@code
   * targetRecall}, for {@link Objective#F1} the best F1; keeps {@code current} with fewer than
   * {@code minPositives} positives.
   */
  public static Calibration choose(String name, BinaryMetrics curve, float current, Objective objective,
      double targetRecall, int minPositives) {
    if (curve.positives() < minPositives) {
      return kept(name, curve, current, "kept: " + curve.positives() + " positives < calibrate.min_positives "
          + minPositives);
    }
    var point = objective == Objective.RECALL ? curve.highestWithRecall(targetRecall) : curve.bestF1();
    // Both exist once there are positives (min_positives >= 1); orElseThrow documents it.
    Confusion p = point.orElseThrow();
    String how = objective == Objective.RECALL
        ? "highest threshold with recall >= " + targetRecall
        : "best F1 " + String.format(Locale.ROOT, "%.3f", p.f1());
    // Scores are floats; the threshold is one of them, so flags (score >= threshold) match the sample.
    return new Calibration(name, (float) p.threshold(), true, how, curve.positives(), curve.negatives(),
        p.precision(), p.recall());
  }

  private static Calibration kept(String name, BinaryMetrics curve, float current, String how) {
    Confusion p = curve.at(current);
    return new Calibration(name, current, false, how, curve.positives(), curve.negatives(), p.precision(), p.recall());
  }
}
