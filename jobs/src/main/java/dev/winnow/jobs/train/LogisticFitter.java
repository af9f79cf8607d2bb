package dev.winnow.jobs.train;

import dev.winnow.runtime.WinnowErrors;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import dev.winnow.jobs.measure.BinaryMetrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.functions;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Fits one category's head with MLlib {@link LogisticRegression} on frames of {@value
 * TrainingSet#FEATURES} and a 0/1 {@value #LABEL}. Classes are balanced by weights (each class
 * carries half the total weight), so rare categories are not fitted towards "never".
 */
public final class LogisticFitter {

  public static final String LABEL = "label";
  static final String WEIGHT = "weight";

  private final List<Double> regParams;
  private final int maxIter;

  public LogisticFitter(List<Double> regParams, int maxIter) {
    if (regParams.isEmpty()) {
      throw new IllegalArgumentException("no regParam to try");
    }
    this.regParams = List.copyOf(regParams);
    this.maxIter = maxIter;
  }

  /** The model chosen on validation data, with its validation metrics. */
  public record Selection(
      double regParam, LogisticRegressionModel model, BinaryMetrics validation, Map<Double, Double> averagePrecisionByRegParam) {}

  /**
   * Fits one model per regParam on {@code train} and keeps the one with the highest validation
   * average precision (the smaller regParam on ties). The kept model is the one fitted on {@code train}: it is
   * not refitted with the validation rows, so its validation metrics describe exactly it.
   */
  public Selection select(Dataset<Row> train, Dataset<Row> validation, String what) {
    Selection best = null;
    Map<Double, Double> averagePrecisions = new LinkedHashMap<>();
    for (double reg : regParams) {
      LogisticRegressionModel model = fit(train, reg, what);
      BinaryMetrics metrics = evaluate(model, validation, what + " validation");
      averagePrecisions.put(reg, metrics.averagePrecision());
      if (best == null || metrics.averagePrecision() > best.validation().averagePrecision()) {
        best = new Selection(reg, model, metrics, averagePrecisions);
      }
    }
    return new Selection(best.regParam(), best.model(), best.validation(), Map.copyOf(averagePrecisions));
  }

  /** Fits on {@code rows} with class-balancing weights. */
  public LogisticRegressionModel fit(Dataset<Row> rows, double regParam, String what) {
    long[] counts = counts(rows, what);
    double n = counts[0] + counts[1];
    Dataset<Row> weighted = rows.withColumn(WEIGHT,
        when(col(LABEL).equalTo(1.0), lit(n / (2.0 * counts[1]))).otherwise(lit(n / (2.0 * counts[0]))));
    return new LogisticRegression()
        .setFeaturesCol(TrainingSet.FEATURES)
        .setLabelCol(LABEL)
        .setWeightCol(WEIGHT)
        .setRegParam(regParam)
        .setElasticNetParam(0.0)
        .setMaxIter(maxIter)
        .setFamily("binomial")
        .fit(weighted);
  }

  /** The model's positive-class probabilities on {@code rows}, against their labels. */
  public static BinaryMetrics evaluate(LogisticRegressionModel model, Dataset<Row> rows, String what) {
    List<Row> scored = model.transform(rows)
        .select(functions.vector_to_array(col("probability"), "float64").getItem(1), col(LABEL))
        .collectAsList();
    double[] scores = new double[scored.size()];
    int[] labels = new int[scored.size()];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = scored.get(i).getDouble(0);
      labels[i] = (int) scored.get(i).getDouble(1);
    }
    return BinaryMetrics.of(scores, labels).requireBothClasses(what);
  }

  /** [negatives, positives], refusing a frame that lacks either. */
  private static long[] counts(Dataset<Row> rows, String what) {
    long positives = 0;
    long negatives = 0;
    for (Row r : rows.groupBy(col(LABEL)).count().collectAsList()) {
      if (r.getDouble(0) == 1.0) positives = r.getLong(1); else negatives = r.getLong(1);
    }
    if (positives == 0 || negatives == 0) {
      throw WinnowErrors.invalid("recipe", what + ": training rows need positives and negatives; got "
          + positives + " positives and " + negatives + " negatives");
    }
    return new long[] {negatives, positives};
  }
}
