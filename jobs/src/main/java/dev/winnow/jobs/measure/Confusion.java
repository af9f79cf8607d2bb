package dev.winnow.jobs.measure;

import com.google.gson.JsonNull;
import com.google.gson.JsonObject;

/**
 * Confusion counts at one threshold: rows scoring at or above it are predicted positive.
 *
 * @param threshold the threshold the counts were taken at (NaN when they come from elsewhere, such
 *     as per-category thresholds)
 */
public record Confusion(double threshold, long tp, long fp, long tn, long fn) {

  /** tp / (tp + fp); NaN when nothing is predicted positive. */
  public double precision() {
    return ratio(tp, tp + fp);
  }

  /** tp / (tp + fn); NaN when there are no positives. */
  public double recall() {
    return ratio(tp, tp + fn);
  }

  /**
   * 2tp / (2tp + fp + fn), the harmonic mean of precision and recall written so that it stays
   * defined (0) when nothing is predicted positive; NaN only without positives and predictions.
   */
  public double f1() {
    return ratio(2 * tp, 2 * tp + fp + fn);
  }

  /** As reports write it; an undefined ratio is null (JSON has no NaN). */
  public JsonObject toJson() {
    JsonObject o = new JsonObject();
    o.addProperty("threshold", threshold);
    number(o, "precision", precision());
    number(o, "recall", recall());
    number(o, "f1", f1());
    o.addProperty("true_positives", tp);
    o.addProperty("false_positives", fp);
    o.addProperty("false_negatives", fn);
    return o;
  }

  private static void number(JsonObject o, String key, double value) {
    if (Double.isNaN(value)) {
      o.add(key, JsonNull.INSTANCE);
    } else {
      o.addProperty(key, value);
    }
  }

  private static double ratio(long part, long whole) {
    return whole == 0 ? Double.NaN : (double) part / whole;
  }
}
