package dev.winnow.jobs.train;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.winnow.jobs.WinnowVersion;
import dev.winnow.jobs.config.ThresholdsFile;
import dev.winnow.jobs.measure.BinaryMetrics;
import dev.winnow.jobs.measure.Confusion;
import dev.winnow.runtime.ThresholdPresets;
import dev.winnow.runtime.WinnowErrors;
import dev.winnow.runtime.checkpoint.LinearHead;
import dev.winnow.runtime.checkpoint.TrainedFacts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Trains a head: prepare the labeled texts, embed them once, fit one logistic regression per
 * label on the rows where that label is known, write the head folder.
 *
 * <p>Per label, regParam is chosen by validation AUPRC among {@code training.reg_params}; the model
 * kept is the one fitted on the training side with it (not refitted on train + validation), so the
 * recorded validation metrics describe the shipped weights. The threshold written per label is the
 * one with the best validation F1; because it is picked on the same validation rows, that F1 is
 * optimistic; use a held-out set (the evaluate job) for an unbiased number.
 */
public final class HeadTraining {

  /** What a run produced. */
  public record Result(Path folder, PreparedData data, List<CategoryResult> categories, String metricsJson) {}

  private HeadTraining() {}

  public static Result run(TrainConfig config, TrainingExamples data, SparkSession spark, String command) {
    Path folder = Path.of(config.outputPath().orElseThrow());
    HeadFolder.checkTarget(folder, config.outputMode());
    PreparedData prepared = PreparedData.prepare(spark, data, config.recipe(), config.categories(), 0);
    checkLearnable(prepared.rows(), config.categories());
    Dataset<Row> embedded = prepared.embed(spark, config.model());
    try {
      LogisticFitter fitter = new LogisticFitter(config.regParams(), config.maxIter());
      List<CategoryResult> results = new ArrayList<>();
      for (String label : config.categories()) {
        results.add(trainOne(fitter, embedded, label, config.recallTarget()));
      }
      JsonObject metrics = metrics(config, prepared, results);
      JsonObject metadata = metrics.deepCopy();
      metadata.addProperty("command", command);
      metadata.add("settings", JsonParser.parseString(config.settings()));
      metadata.add("recipe_config", JsonParser.parseString(config.recipe().rendered()));
      String metricsJson = new GsonBuilder().setPrettyPrinting().create().toJson(metrics) + "\n";
      Map<String, BinaryMetrics> validation = validations(results);
      HeadFolder.write(folder, config.outputMode(), config.model().ref(), head(results),
          new TrainedFacts(presets(validation, config.recallTarget()), false, metadata),
          thresholdsFile(config, validation), metricsJson);
      return new Result(folder, prepared, results, metricsJson);
    } finally {
      embedded.unpersist();
      prepared.rows().unpersist();
    }
  }

  /**
   * Every label needs positives and negatives on both sides of the split. Checked on the labels
   * alone, before the embedding pass that takes minutes, so a recipe mistake fails in seconds.
   */
  static void checkLearnable(Dataset<Row> rows, List<String> labels) {
    List<Column> counts = new ArrayList<>();
    for (String label : labels) {
      for (boolean validation : new boolean[] {false, true}) {
        Column side = col(TrainingSet.IS_VALIDATION).equalTo(validation);
        counts.add(sum(when(side.and(col(label).equalTo(1)), 1).otherwise(0)));
        counts.add(sum(when(side.and(col(label).equalTo(0)), 1).otherwise(0)));
      }
    }
    Row totals = rows.agg(counts.get(0), counts.subList(1, counts.size()).toArray(new Column[0])).first();
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < labels.size(); i++) {
      long[] c = new long[4];
      for (int j = 0; j < 4; j++) {
        c[j] = totals.isNullAt(4 * i + j) ? 0 : totals.getLong(4 * i + j);
      }
      if (Arrays.stream(c).anyMatch(n -> n == 0)) {
        problems.add(String.format(Locale.ROOT, "'%s' (train %d positive / %d negative, validation %d / %d)",
            labels.get(i), c[0], c[1], c[2], c[3]));
      }
    }
    if (!problems.isEmpty()) {
      throw WinnowErrors.invalid("recipe", "cannot train label(s) " + String.join(", ", problems)
          + ": each needs positives and negatives in both the training and the validation split; "
          + "check the recipe's label expressions and sources");
    }
  }

  private static CategoryResult trainOne(LogisticFitter fitter, Dataset<Row> embedded, String label, double recallTarget) {
    Dataset<Row> known = PreparedData.known(embedded, label);
    Dataset<Row> train = known.filter(col(TrainingSet.IS_VALIDATION).equalTo(false));
    Dataset<Row> validation = known.filter(col(TrainingSet.IS_VALIDATION));
    LogisticFitter.Selection chosen = fitter.select(train, validation, "label '" + label + "'");
    LogisticRegressionModel model = chosen.model();
    double[] coefficients = model.coefficients().toArray();
    float[] weight = new float[coefficients.length];
    for (int d = 0; d < weight.length; d++) {
      weight[d] = (float) coefficients[d];
    }
    long trainRows = train.count();
    long trainPositives = train.filter(col(LogisticFitter.LABEL).equalTo(1.0)).count();
    return new CategoryResult(label, trainRows, trainPositives, chosen.regParam(), chosen.averagePrecisionByRegParam(),
        weight, (float) model.intercept(), chosen.validation(), recallTarget);
  }

  private static LinearHead head(List<CategoryResult> results) {
    List<String> labels = results.stream().map(CategoryResult::label).toList();
    float[][] weights = results.stream().map(CategoryResult::weight).toArray(float[][]::new);
    float[] biases = new float[results.size()];
    for (int i = 0; i < biases.length; i++) {
      biases[i] = results.get(i).bias();
    }
    return new LinearHead(labels, weights, biases);
  }

  private static JsonObject metrics(TrainConfig config, PreparedData prepared, List<CategoryResult> results) {
    JsonObject o = new JsonObject();
    o.addProperty("recipe", config.recipe().name());
    o.addProperty("encoder", config.model().ref());
    o.addProperty("winnow_version", WinnowVersion.get());
    o.addProperty("data_fingerprint", prepared.fingerprint());
    JsonObject perSource = new JsonObject();
    prepared.rowsPerSource().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
        .forEach(e -> perSource.addProperty(e.getKey(), e.getValue()));
    o.add("rows_per_source", perSource);
    o.addProperty("distinct_texts", prepared.distinctTexts());
    o.addProperty("conflicting_texts", prepared.conflictingTexts());
    o.addProperty("validation_fraction", config.recipe().validationFraction());
    o.addProperty("seed", config.recipe().seed());
    o.addProperty("selection", "regParam by validation AUPRC; model fitted on the training split only; "
        + "threshold = best validation F1 (optimistic: chosen on the same rows)");
    JsonArray categories = new JsonArray();
    results.forEach(r -> categories.add(r.toJson()));
    o.add("categories", categories);
    return o;
  }

  /**
   * Per label, the threshold with the best validation F1 ({@value ThresholdPresets#BALANCED}, what
   * scoring uses by default) and the highest one keeping validation recall at or above {@code
   * recallTarget} ({@value ThresholdPresets#STRICT}).
   */
  static ThresholdPresets presets(Map<String, BinaryMetrics> validation, double recallTarget) {
    Map<String, Float> balanced = new LinkedHashMap<>();
    Map<String, Float> strict = new LinkedHashMap<>();
    validation.forEach((label, metrics) -> {
      balanced.put(label, (float) metrics.bestF1().orElseThrow().threshold());
      strict.put(label, (float) metrics.highestWithRecall(recallTarget).orElseThrow().threshold());
    });
    return ThresholdPresets.of(balanced, strict);
  }

  /** The score job's {@code thresholds.file} format, one best-F1 threshold per label. */
  static String thresholdsFile(TrainConfig config, Map<String, BinaryMetrics> validation) {
    List<ThresholdsFile.Entry> entries = new ArrayList<>();
    validation.forEach((label, metrics) -> {
      Confusion best = metrics.bestF1().orElseThrow();
      entries.add(new ThresholdsFile.Entry(label, (float) best.threshold(), String.format(Locale.ROOT,
          "validation F1 %.3f, precision %.3f, recall %.3f", best.f1(), best.precision(), best.recall())));
    });
    return ThresholdsFile.render(List.of("Written by the train job (recipe " + config.recipe().name() + ").",
        "Per label: the threshold with the best F1 on the recipe's validation split."), 0.5f, entries, Map.of());
  }

  private static Map<String, BinaryMetrics> validations(List<CategoryResult> results) {
    Map<String, BinaryMetrics> byLabel = new LinkedHashMap<>();
    results.forEach(r -> byLabel.put(r.label(), r.validation()));
    return byLabel;
  }
}
