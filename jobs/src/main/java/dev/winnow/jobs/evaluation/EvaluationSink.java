package dev.winnow.jobs.evaluation;

import dev.winnow.jobs.metrics.MetricsSink;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Stores an evaluation as {@code report.json} and as a row appended to the Delta table of
 * evaluation runs, both from one row of {@link #SCHEMA} so their keys agree.
 */
public final class EvaluationSink {

  public static final StructType CATEGORY = new StructType()
      .add("name", DataTypes.StringType, false)
      .add("threshold", DataTypes.DoubleType, true)
      .add("positives", DataTypes.LongType, false)
      .add("negatives", DataTypes.LongType, false)
      .add("unknown", DataTypes.LongType, false)
      .add("unscored", DataTypes.LongType, false)
      .add("tp", DataTypes.LongType, false)
      .add("fp", DataTypes.LongType, false)
      .add("tn", DataTypes.LongType, false)
      .add("fn", DataTypes.LongType, false)
      .add("precision", DataTypes.DoubleType, true)
      .add("recall", DataTypes.DoubleType, true)
      .add("f1", DataTypes.DoubleType, true)
      .add("roc_auc", DataTypes.DoubleType, true)
      .add("average_precision", DataTypes.DoubleType, true)
      .add("best_f1", DataTypes.DoubleType, true)
      .add("best_f1_threshold", DataTypes.DoubleType, true);

  public static final StructType SCHEMA = new StructType()
      .add("run_id", DataTypes.StringType, false)
      .add("model", DataTypes.StringType, false)
      .add("model_ref", DataTypes.StringType, false)
      .add("data_path", DataTypes.StringType, false)
      .add("evaluated_at", DataTypes.TimestampType, false)
      .add("rows", DataTypes.LongType, false)
      .add("notes", DataTypes.createArrayType(DataTypes.StringType, false), false)
      .add("categories", DataTypes.createArrayType(CATEGORY, false), false);

  private EvaluationSink() {}

  public static Row toRow(EvaluationReport r) {
    List<Row> categories = new ArrayList<>();
    for (CategoryEvaluation c : r.categories()) {
      categories.add(RowFactory.create(c.name(), c.threshold(), c.positives(), c.negatives(), c.unknown(),
          c.unscored(), c.tp(), c.fp(), c.tn(), c.fn(), c.precision(), c.recall(), c.f1(), c.rocAuc(),
          c.averagePrecision(), c.bestF1(), c.bestF1Threshold()));
    }
    return RowFactory.create(r.runId(), r.model(), r.modelRef(), r.dataPath(), Timestamp.from(r.evaluatedAt()),
        r.rows(), r.notes(), categories);
  }

  public static String writeJson(SparkSession spark, EvaluationReport r, String jsonPath) {
    return MetricsSink.writeJson(spark, frame(spark, r), jsonPath);
  }

  /**
   * Appends the run to the Delta table of evaluations, creating it on the first run. Fields added
   * by later Winnow versions are merged into an older table's schema (a table written before
   * {@code average_precision} keeps its {@code pr_auc} column, null in newer rows).
   */
  public static void appendToTable(SparkSession spark, EvaluationReport r, String tablePath) {
    frame(spark, r).write().format("delta").mode("append").option("mergeSchema", "true").save(tablePath);
  }

  private static Dataset<Row> frame(SparkSession spark, EvaluationReport r) {
    return spark.createDataFrame(List.of(toRow(r)), SCHEMA);
  }
}
