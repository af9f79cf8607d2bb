package dev.winnow.spark;

import dev.winnow.runtime.InferenceOptions;
import java.util.Collections;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;

/**
 * Scoring as a SQL function, for notebooks and ad-hoc queries:
 *
 * <pre>{@code
 * WinnowUdfs.register(spark, "winnow_score", "/models/safety", InferenceOptions.DEFAULTS);
 * spark.sql("SELECT id, winnow_score(text).* FROM posts");
 * }</pre>
 *
 * <p>The function returns a struct with the same fields {@link SafetyScorer} appends (per-label
 * {@code score_*} floats, {@code flags}, {@code flagged}, {@code max_score}, ...), using the same
 * per-executor model cache. It is the slow path: Spark calls it once per row, so every text is a
 * model call of its own and the runtime cannot batch or length-sort. For anything beyond a few
 * thousand rows use {@link SafetyScorer}, which classifies a chunk of rows per call. The model
 * runs on the options' device in every task ({@link SafetyScorer} can also resolve it per task).
 */
public final class WinnowUdfs {

  private WinnowUdfs() {}

  /** Registers {@code name} with default thresholds. */
  public static UserDefinedFunction register(
      SparkSession spark, String name, String modelRef, InferenceOptions options) {
    return register(spark, name, modelRef, options, Thresholds.of(Thresholds.DEFAULT));
  }

  public static UserDefinedFunction register(
      SparkSession spark, String name, String modelRef, InferenceOptions options, Thresholds thresholds) {
    return register(spark, name, modelRef, options, thresholds, ClassifierFactory.models());
  }

  /**
   * Describes the model now (on the driver, no weights) so the return type is known; executors
   * load the model on first call.
   */
  public static UserDefinedFunction register(
      SparkSession spark,
      String name,
      String modelRef,
      InferenceOptions options,
      Thresholds thresholds,
      ClassifierFactory factory) {
    ScoringPlan plan =
        ScoringPlan.prepare(factory, modelRef, ScoringPlan.describe(factory, modelRef),
            DeviceRequest.fixed(options.device()), options, 0, thresholds, ScoreColumns.DEFAULT_PREFIX);
    UserDefinedFunction udf = functions.udf(new ScoreUdf(plan), plan.columns().fields())
        .asNonNullable();
    return spark.udf().register(name, udf);
  }

  private record ScoreUdf(ScoringPlan plan) implements UDF1<String, Row> {
    @Override
    public Row call(String text) {
      ScoreColumns columns = plan.columns();
      Object[] values = new Object[columns.width()];
      columns.fill(values, 0, plan.score(Collections.singletonList(text)).get(0));
      return RowFactory.create(values);
    }
  }
}
