package dev.winnow.jobs.train;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.winnow.jobs.WinnowVersion;
import dev.winnow.jobs.config.ConfigError;
import dev.winnow.jobs.measure.BinaryMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The agile-classifier benchmark: how well a head learns from a few hundred examples, by k-fold
 * cross-validation ({@code benchmark.cv_folds}) over a recipe's texts, embedded once.
 *
 * <p>Nothing is tuned on a test fold. For each fold, the other folds are split again by the
 * recipe's seeded validation hash into an inner training and inner validation part; regParam
 * (best inner average precision) and the threshold (best inner F1) are chosen there, the head is refitted on all
 * the other folds with that regParam, and the test fold is scored once: ROC-AUC, average precision, F1 at 0.5
 * and F1 at the inner-chosen threshold.
 */
public final class AgileBenchmark {

  static final String FOLD = "fold";

  /** Test-fold metrics of one fold. */
  public record Fold(int fold, long testRows, long testPositives, double regParam, double threshold,
      double rocAuc, double averagePrecision, double f1At05, double f1AtChosen) {}

  /** One label's folds. */
  public record LabelReport(String label, List<Fold> folds) {

    public double mean(java.util.function.ToDoubleFunction<Fold> metric) {
      return folds.stream().mapToDouble(metric).average().orElse(Double.NaN);
    }

    /** Sample standard deviation over folds. */
    public double std(java.util.function.ToDoubleFunction<Fold> metric) {
      double m = mean(metric);
      double ss = folds.stream().mapToDouble(f -> Math.pow(metric.applyAsDouble(f) - m, 2)).sum();
      return folds.size() < 2 ? 0 : Math.sqrt(ss / (folds.size() - 1));
    }
  }

  public record Report(String recipe, String encoder, int folds, long texts, List<LabelReport> labels) {}

  private AgileBenchmark() {}

  public static Report run(TrainConfig config, TrainingExamples data, SparkSession spark) {
    PreparedData prepared = PreparedData.prepare(spark, data, config.recipe(), config.categories(), config.benchmarkMaxRows());
    try {
      checkEveryFoldHasBothClasses(prepared.rows(), config);
    } catch (RuntimeException e) {
      prepared.rows().unpersist();
      throw e;
    }
    if (config.fineTune().isPresent()) {
      try {
        Report report = new Report(config.recipe().name(), config.model().ref() + " (" + config.fineTune().get().method()
            .name().toLowerCase(Locale.ROOT) + ")", config.cvFolds(), prepared.distinctTexts(),
            FineTuneTraining.crossValidate(config, prepared, System.out::println));
        config.benchmarkReport().ifPresent(path -> writeJson(report, Path.of(path)));
        return report;
      } finally {
        prepared.rows().unpersist();
      }
    }
    Dataset<Row> embedded = prepared.embed(spark, config.model())
        .withColumn(FOLD, TrainingSet.fold(config.cvFolds(), config.recipe().seed()));
    try {
      LogisticFitter fitter = new LogisticFitter(config.regParams(), config.maxIter());
      List<LabelReport> labels = new ArrayList<>();
      for (String label : config.categories()) {
        Dataset<Row> known = PreparedData.known(embedded, label);
        List<Fold> folds = new ArrayList<>();
        for (int f = 0; f < config.cvFolds(); f++) {
          folds.add(fold(fitter, known, label, f));
        }
        labels.add(new LabelReport(label, folds));
      }
      Report report = new Report(config.recipe().name(), config.model().ref(), config.cvFolds(), prepared.distinctTexts(), labels);
      config.benchmarkReport().ifPresent(path -> writeJson(report, Path.of(path)));
      return report;
    } finally {
      embedded.unpersist();
      prepared.rows().unpersist();
    }
  }

  /**
   * A test fold without positives (or negatives) has no ROC-AUC or average precision: refused
   * before any embedding or training, naming the label, so a thin label costs seconds, not a run.
   */
  private static void checkEveryFoldHasBothClasses(Dataset<Row> rows, TrainConfig config) {
    int k = config.cvFolds();
    Dataset<Row> folded = rows.withColumn(FOLD, TrainingSet.fold(k, config.recipe().seed()));
    for (String label : config.categories()) {
      long[] positives = new long[k];
      long[] known = new long[k];
      for (Row r : folded.filter(col(label).isNotNull())
          .groupBy(FOLD).agg(sum(col(label).cast("long")), count(lit(1))).collectAsList()) {
        int f = ((Number) r.get(0)).intValue();
        positives[f] = ((Number) r.get(1)).longValue();
        known[f] = r.getLong(2);
      }
      for (int f = 0; f < k; f++) {
        if (positives[f] == 0 || positives[f] == known[f]) {
          throw new ConfigError("benchmark.cv_folds", String.format(Locale.ROOT,
              "label '%s': test fold %d of %d has %d positives among %d texts (%d positives in all); every fold "
                  + "needs positives and negatives: leave the label out with training.categories or use fewer folds",
              label, f, k, positives[f], known[f], java.util.Arrays.stream(positives).sum()));
        }
      }
    }
  }

  private static Fold fold(LogisticFitter fitter, Dataset<Row> known, String label, int f) {
    String what = "label '" + label + "', fold " + f;
    Dataset<Row> test = known.filter(col(FOLD).equalTo(f));
    Dataset<Row> rest = known.filter(col(FOLD).notEqual(f));
    LogisticFitter.Selection inner = fitter.select(
        rest.filter(col(TrainingSet.IS_VALIDATION).equalTo(false)), rest.filter(col(TrainingSet.IS_VALIDATION)), what);
    double threshold = inner.validation().bestF1().orElseThrow().threshold();
    LogisticRegressionModel model = fitter.fit(rest, inner.regParam(), what);
    BinaryMetrics metrics = LogisticFitter.evaluate(model, test, what + " test");
    return new Fold(f, metrics.size(), metrics.positives(), inner.regParam(), threshold,
        metrics.rocAuc(), metrics.averagePrecision(), metrics.at(0.5).f1(), metrics.at(threshold).f1());
  }

  /** A plain-text table, one line per label, with the configured baseline beneath. */
  public static String format(Report report, String baseline) {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "agile benchmark: recipe %s, encoder %s, %d texts, %d-fold CV (mean ± std over folds)%n",
        report.recipe(), report.encoder(), report.texts(), report.folds()));
    b.append(String.format(Locale.ROOT, "%-18s %-15s %-15s %-15s %-15s%n", "label", "ROC-AUC", "avg precision", "F1@0.5", "F1@inner-thr"));
    for (LabelReport l : report.labels()) {
      b.append(String.format(Locale.ROOT, "%-18s %-15s %-15s %-15s %-15s%n", l.label(),
          pm(l, Fold::rocAuc), pm(l, Fold::averagePrecision), pm(l, Fold::f1At05), pm(l, Fold::f1AtChosen)));
    }
    if (baseline != null) {
      b.append("baseline: ").append(baseline).append('\n');
    }
    return b.toString();
  }

  private static String pm(LabelReport l, java.util.function.ToDoubleFunction<Fold> metric) {
    return String.format(Locale.ROOT, "%.3f ± %.3f", l.mean(metric), l.std(metric));
  }

  private static void writeJson(Report report, Path file) {
    JsonObject o = new JsonObject();
    o.addProperty("recipe", report.recipe());
    o.addProperty("encoder", report.encoder());
    o.addProperty("winnow_version", WinnowVersion.get());
    o.addProperty("folds", report.folds());
    o.addProperty("texts", report.texts());
    JsonArray labels = new JsonArray();
    for (LabelReport l : report.labels()) {
      JsonObject lo = new JsonObject();
      lo.addProperty("label", l.label());
      lo.addProperty("roc_auc_mean", l.mean(Fold::rocAuc));
      lo.addProperty("roc_auc_std", l.std(Fold::rocAuc));
      lo.addProperty("average_precision_mean", l.mean(Fold::averagePrecision));
      lo.addProperty("average_precision_std", l.std(Fold::averagePrecision));
      lo.addProperty("f1_at_0_5_mean", l.mean(Fold::f1At05));
      lo.addProperty("f1_at_0_5_std", l.std(Fold::f1At05));
      lo.addProperty("f1_at_inner_threshold_mean", l.mean(Fold::f1AtChosen));
      lo.addProperty("f1_at_inner_threshold_std", l.std(Fold::f1AtChosen));
      lo.add("folds", new GsonBuilder().serializeSpecialFloatingPointValues().create().toJsonTree(l.folds()));
      labels.add(lo);
    }
    o.add("labels", labels);
    try {
      if (file.toAbsolutePath().getParent() != null) {
        Files.createDirectories(file.toAbsolutePath().getParent());
      }
      Files.writeString(file, new GsonBuilder().serializeSpecialFloatingPointValues().setPrettyPrinting().create().toJson(o) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write benchmark.report " + file, e);
    }
  }
}
