package dev.winnow.jobs.train;

import com.google.gson.JsonObject;
import dev.winnow.jobs.measure.BinaryMetrics;
import dev.winnow.jobs.measure.Confusion;
import java.util.Map;
import java.util.TreeMap;

/**
 * One category's trained head row and how it did on validation.
 *
 * @param weight LogisticRegression coefficients, the head's weight row
 * @param bias its intercept
 * @param validation the chosen model's validation scores against labels
 */
public record CategoryResult(
    String label,
    long trainRows,
    long trainPositives,
    double regParam,
    Map<Double, Double> averagePrecisionByRegParam,
    float[] weight,
    float bias,
    BinaryMetrics validation,
    double recallTarget) {

  /** The threshold written to {@code thresholds.conf}: the one with the best validation F1. */
  public double threshold() {
    return bestF1().threshold();
  }

  /** The validation point with the best F1 (training refuses a validation split without positives). */
  public Confusion bestF1() {
    return validation.bestF1().orElseThrow();
  }

  /** The highest validation threshold reaching {@code recallTarget}. */
  public Confusion atRecallTarget() {
    return validation.highestWithRecall(recallTarget).orElseThrow();
  }

  public JsonObject toJson() {
    JsonObject o = new JsonObject();
    o.addProperty("label", label);
    o.addProperty("train_rows", trainRows);
    o.addProperty("train_positives", trainPositives);
    o.addProperty("validation_rows", validation.size());
    o.addProperty("validation_positives", validation.positives());
    o.addProperty("reg_param", regParam);
    JsonObject byReg = new JsonObject();
    new TreeMap<>(averagePrecisionByRegParam).forEach((reg, ap) -> byReg.addProperty(Double.toString(reg), ap));
    o.add("validation_average_precision_by_reg_param", byReg);
    o.addProperty("roc_auc", validation.rocAuc());
    o.addProperty("average_precision", validation.averagePrecision());
    o.add("at_0_5", validation.at(0.5).toJson());
    o.add("best_f1", bestF1().toJson());
    o.addProperty("recall_target", recallTarget);
    o.add("at_recall_target", atRecallTarget().toJson());
    return o;
  }
}
