package dev.winnow.jobs.train;

import com.google.gson.JsonObject;
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
    Map<Double, Double> auprcByRegParam,
    float[] weight,
    float bias,
    BinaryMetrics validation,
    double recallTarget) {

  /** The threshold written to {@code thresholds.conf}: the one with the best validation F1. */
  public double threshold() {
    return validation.bestF1().threshold();
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
    new TreeMap<>(auprcByRegParam).forEach((reg, auprc) -> byReg.addProperty(Double.toString(reg), auprc));
    o.add("validation_auprc_by_reg_param", byReg);
    o.addProperty("roc_auc", validation.rocAuc());
    o.addProperty("auprc", validation.auprc());
    o.add("at_0_5", validation.at(0.5).toJson());
    o.add("best_f1", validation.bestF1().toJson());
    o.addProperty("recall_target", recallTarget);
    o.add("at_recall_target", validation.forRecall(recallTarget).toJson());
    return o;
  }
}
