package dev.winnow.jobs.train;

import static org.apache.spark.sql.functions.col;

import ai.djl.Device;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.winnow.jobs.WinnowVersion;
import dev.winnow.jobs.measure.BinaryMetrics;
import dev.winnow.runtime.LongTextPolicy;
import dev.winnow.runtime.ThresholdPresets;
import dev.winnow.runtime.checkpoint.TrainedFacts;
import dev.winnow.runtime.text.TextTokenizer;
import dev.winnow.runtime.text.TokenizedPair;
import dev.winnow.runtime.text.TokenizedText;
import dev.winnow.runtime.text.Windows;
import dev.winnow.runtime.training.FineTuneOptions;
import dev.winnow.runtime.training.FineTuner;
import dev.winnow.runtime.training.FineTuning;
import dev.winnow.runtime.training.TrainableClassifier;
import dev.winnow.runtime.training.TrainingExample;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Fine-tunes the encoder ({@code training.method = lora | full}): Spark reads the recipe, applies
 * the label expressions, merges and splits exactly as for a head; the rows then come to the driver,
 * are cut to the training window, and {@link FineTuner} trains in this JVM on its device. The best
 * epoch by mean validation AUPRC is written: adapters and head over the referenced base (LoRA), or
 * a complete Hugging Face checkpoint (full), with thresholds and metrics as for a head.
 *
 * <p>One machine's memory holds the tokenized rows (a few hundred bytes each: millions fit); a
 * corpus beyond that is sampled with {@code benchmark.max_rows}-style caps in the recipe, or
 * trained where distributed trainers live (PyTorch DDP on the exported checkpoint).
 */
public final class FineTuneTraining {

  /** What a run produced. */
  public record Result(Path folder, PreparedData data, Map<String, BinaryMetrics> validation,
      DomainReport domains, FineTuner.Result training, long trainRows, long validationRows) {}

  private FineTuneTraining() {}

  public static Result run(TrainConfig config, TrainingExamples data, SparkSession spark, String command,
      Consumer<String> log) {
    FineTuneSettings settings = config.fineTune().orElseThrow();
    Path folder = Path.of(config.outputPath().orElseThrow());
    HeadFolder.checkTarget(folder, config.outputMode());
    List<String> labels = config.categories();
    PreparedData prepared = PreparedData.prepare(spark, data, config.recipe(), labels, 0);
    try {
      HeadTraining.checkLearnable(prepared.rows(), labels);
      // Sorted, so the rows (and with the seed, every batch) are the same on every run.
      List<Row> rows = prepared.rows().orderBy(col(TrainingSet.TEXT)).collectAsList();
      String base = config.model().ref();
      List<TrainingExample> train = new ArrayList<>();
      List<TrainingExample> validation = new ArrayList<>();
      tokenize(base, rows, labels, settings.maxTokens(), train, validation);
      Map<String, String> domainOf = config.recipe().domains();
      List<String> validationDomains = rows.stream().filter(r -> r.<Boolean>getAs(TrainingSet.IS_VALIDATION))
          .map(r -> domainOf.getOrDefault(r.<String>getAs(TrainingSet.SOURCE), RecipeSource.TEXTS)).toList();
      log.accept(String.format(Locale.ROOT, "fine-tuning %s (%s, %s) on %d training / %d validation texts, labels %s",
          base, settings.method().name().toLowerCase(Locale.ROOT), settings.precision().name().toLowerCase(Locale.ROOT),
          train.size(), validation.size(), labels));
      Device device = config.model().resolvedOptions().device();
      try (TrainableClassifier model = FineTuning.open(base, device, settings.method(), settings.lora(), labels,
          settings.precision(), settings.hiddenDropout(), settings.options().seed())) {
        FineTuner tuner = new FineTuner(model, settings.options(), log);
        FineTuner.Result result = tuner.fit(train, validation, scores -> meanAuprc(scores, validation, labels.size()));
        Map<String, BinaryMetrics> perLabel = perLabel(result.bestValidationScores(), validation, labels);
        ThresholdPresets presets = HeadTraining.presets(perLabel, config.recallTarget());
        DomainReport domains = DomainReport.of(result.bestValidationScores(), validation, validationDomains, labels, presets);
        JsonObject metrics = metrics(config, settings, prepared, result, perLabel, train.size(), validation.size());
        metrics.add("domains", domains.toJson());
        JsonObject metadata = metrics.deepCopy();
        metadata.addProperty("command", command);
        metadata.add("settings", JsonParser.parseString(config.settings()));
        // A model that learned from (prompt, response) pairs says so, so scoring passes the prompt.
        TrainedFacts facts = new TrainedFacts(presets, rows.stream().anyMatch(FineTuneTraining::hasContext), metadata);
        HeadFolder.write(folder, config.outputMode(),
            staging -> FineTuning.writeInto(staging, base, model, settings.lora(), facts),
            HeadTraining.thresholdsFile(config, perLabel),
            new GsonBuilder().setPrettyPrinting().create().toJson(metrics) + "\n");
        return new Result(folder, prepared, perLabel, domains, result, train.size(), validation.size());
      }
    } finally {
      prepared.rows().unpersist();
    }
  }

  private static void tokenize(String base, List<Row> rows, List<String> labels, int maxTokens,
      List<TrainingExample> train, List<TrainingExample> validation) {
    List<TrainingExample> all = tokenize(base, rows, labels, maxTokens);
    for (int i = 0; i < rows.size(); i++) {
      (rows.get(i).<Boolean>getAs(TrainingSet.IS_VALIDATION) ? validation : train).add(all.get(i));
    }
  }

  /**
   * Each row's text cut to its first window of {@code maxTokens}, with its labels (NaN: unknown),
   * in row order. A row with a {@value TrainingSet#CONTEXT} (the prompt of a response) becomes a
   * pair, encoded and windowed exactly as scoring encodes pairs: the model learns to judge the
   * response with its prompt.
   */
  static List<TrainingExample> tokenize(String base, List<Row> rows, List<String> labels, int maxTokens) {
    List<TrainingExample> out = new ArrayList<>(rows.size());
    Windows firstWindow = new Windows(maxTokens, LongTextPolicy.TRUNCATE, 0, 1);
    try (TextTokenizer tokenizer = FineTuning.tokenizer(base)) {
      int chunk = 1024;
      for (int start = 0; start < rows.size(); start += chunk) {
        List<Row> part = rows.subList(start, Math.min(rows.size(), start + chunk));
        List<String> texts = part.stream().map(r -> r.<String>getAs(TrainingSet.TEXT)).toList();
        TokenizedText[] windows = new TokenizedText[part.size()];
        // Each text is encoded once: as a pair where it has a prompt, alone where it has none.
        List<Integer> withContext = new ArrayList<>();
        List<Integer> alone = new ArrayList<>();
        for (int i = 0; i < part.size(); i++) {
          (hasContext(part.get(i)) ? withContext : alone).add(i);
        }
        List<TokenizedPair> pairs = tokenizer.encodePairs(
            withContext.stream().map(i -> part.get(i).<String>getAs(TrainingSet.CONTEXT)).toList(),
            withContext.stream().map(texts::get).toList());
        for (int k = 0; k < pairs.size(); k++) {
          windows[withContext.get(k)] = firstWindow.split(pairs.get(k)).windows().get(0);
        }
        List<TokenizedText> singles = tokenizer.encodeAll(alone.stream().map(texts::get).toList());
        for (int k = 0; k < singles.size(); k++) {
          windows[alone.get(k)] = firstWindow.split(singles.get(k)).windows().get(0);
        }
        for (int i = 0; i < part.size(); i++) {
          Row row = part.get(i);
          float[] y = new float[labels.size()];
          for (int l = 0; l < y.length; l++) {
            Object value = row.getAs(labels.get(l));
            y[l] = value == null ? Float.NaN : ((Number) value).floatValue();
          }
          out.add(new TrainingExample(windows[i].ids(), windows[i].typeIds(), y));
        }
      }
    }
    return out;
  }

  /** Whether the row is a response with its prompt (a non-blank {@value TrainingSet#CONTEXT}). */
  static boolean hasContext(Row row) {
    if (!Arrays.asList(row.schema().fieldNames()).contains(TrainingSet.CONTEXT)) {
      return false;
    }
    String context = row.getAs(TrainingSet.CONTEXT);
    return context != null && !context.isBlank();
  }

  /**
   * The agile benchmark's k-fold protocol for a fine-tune: per fold, the other folds are split by
   * the recipe's validation hash into inner training and inner validation rows; the epoch (best
   * inner AUPRC) and the threshold (best inner F1) are chosen there, and the held-out fold is
   * scored once with that model. Nothing is tuned on a test fold.
   */
  static List<AgileBenchmark.LabelReport> crossValidate(TrainConfig config, PreparedData prepared,
      Consumer<String> log) {
    FineTuneSettings settings = config.fineTune().orElseThrow();
    List<String> labels = config.categories();
    String base = config.model().ref();
    List<Row> rows = prepared.rows()
        .withColumn(AgileBenchmark.FOLD, TrainingSet.fold(config.cvFolds(), config.recipe().seed()))
        .orderBy(col(TrainingSet.TEXT)).collectAsList();
    List<TrainingExample> examples = tokenize(base, rows, labels, settings.maxTokens());
    Device device = config.model().resolvedOptions().device();
    List<List<AgileBenchmark.Fold>> folds = new ArrayList<>();
    labels.forEach(l -> folds.add(new ArrayList<>()));
    for (int f = 0; f < config.cvFolds(); f++) {
      List<TrainingExample> train = new ArrayList<>();
      List<TrainingExample> validation = new ArrayList<>();
      List<TrainingExample> test = new ArrayList<>();
      for (int i = 0; i < rows.size(); i++) {
        Row row = rows.get(i);
        boolean held = row.<Number>getAs(AgileBenchmark.FOLD).intValue() == f;
        (held ? test : row.<Boolean>getAs(TrainingSet.IS_VALIDATION) ? validation : train).add(examples.get(i));
      }
      log.accept(String.format(Locale.ROOT, "fold %d/%d: %d training, %d inner-validation, %d test texts",
          f + 1, config.cvFolds(), train.size(), validation.size(), test.size()));
      try (TrainableClassifier model = FineTuning.open(base, device, settings.method(), settings.lora(), labels,
          settings.precision(), settings.hiddenDropout(), settings.options().seed())) {
        FineTuner tuner = new FineTuner(model, settings.options(), log);
        FineTuner.Result result = tuner.fit(train, validation, scores -> meanAuprc(scores, validation, labels.size()));
        float[][] testScores = tuner.predict(test);
        for (int l = 0; l < labels.size(); l++) {
          double threshold = known(result.bestValidationScores(), validation, l).bestF1().orElseThrow().threshold();
          BinaryMetrics m = known(testScores, test, l);
          folds.get(l).add(new AgileBenchmark.Fold(f, m.size(), m.positives(), Double.NaN, threshold,
              m.rocAuc(), m.averagePrecision(), m.at(0.5).f1(), m.at(threshold).f1()));
        }
      }
    }
    List<AgileBenchmark.LabelReport> reports = new ArrayList<>();
    for (int l = 0; l < labels.size(); l++) {
      reports.add(new AgileBenchmark.LabelReport(labels.get(l), folds.get(l)));
    }
    return reports;
  }

  /** Mean over labels of validation AUPRC on the rows where the label is known: what picks the epoch. */
  static double meanAuprc(float[][] scores, List<TrainingExample> rows, int labels) {
    double sum = 0;
    for (int l = 0; l < labels; l++) {
      sum += known(scores, rows, l).averagePrecision();
    }
    return sum / labels;
  }

  private static BinaryMetrics known(float[][] scores, List<TrainingExample> rows, int label) {
    List<Integer> index = new ArrayList<>();
    for (int r = 0; r < rows.size(); r++) {
      if (!Float.isNaN(rows.get(r).labels()[label])) {
        index.add(r);
      }
    }
    double[] s = new double[index.size()];
    int[] y = new int[index.size()];
    for (int i = 0; i < s.length; i++) {
      s[i] = scores[index.get(i)][label];
      y[i] = (int) rows.get(index.get(i)).labels()[label];
    }
    return BinaryMetrics.of(s, y).requireBothClasses("label " + label);
  }

  private static Map<String, BinaryMetrics> perLabel(float[][] scores, List<TrainingExample> rows, List<String> labels) {
    Map<String, BinaryMetrics> out = new LinkedHashMap<>();
    for (int l = 0; l < labels.size(); l++) {
      out.put(labels.get(l), known(scores, rows, l));
    }
    return out;
  }

  private static JsonObject metrics(TrainConfig config, FineTuneSettings settings, PreparedData prepared,
      FineTuner.Result result, Map<String, BinaryMetrics> perLabel, long trainRows, long validationRows) {
    JsonObject o = new JsonObject();
    o.addProperty("recipe", config.recipe().name());
    o.addProperty("method", settings.method().name().toLowerCase(Locale.ROOT));
    o.addProperty("base_encoder", config.model().ref());
    o.addProperty("base_encoder_sha256", FineTuning.base(config.model().ref()).weightsHash());
    o.addProperty("winnow_version", WinnowVersion.get());
    o.addProperty("data_fingerprint", prepared.fingerprint());
    o.addProperty("train_rows", trainRows);
    o.addProperty("validation_rows", validationRows);
    o.addProperty("precision", settings.precision().name().toLowerCase(Locale.ROOT));
    JsonObject hyper = new GsonBuilder().create().toJsonTree(settings.options()).getAsJsonObject();
    hyper.addProperty("max_tokens", settings.maxTokens());
    hyper.addProperty("hidden_dropout", settings.hiddenDropout());
    if (settings.lora() != null) {
      hyper.add("lora", settings.lora().toJson());
    }
    o.add("hyper_parameters", hyper);
    o.addProperty("best_epoch", result.bestEpoch());
    o.addProperty("steps", result.steps());
    o.addProperty("train_tokens_per_second", result.trainTokensPerSecond());
    JsonArray epochs = new JsonArray();
    result.epochs().forEach(e -> epochs.add(new GsonBuilder().create().toJsonTree(e)));
    o.add("epochs", epochs);
    o.addProperty("selection", "best epoch by mean validation AUPRC; threshold = best validation F1 "
        + "(optimistic: chosen on the same rows)");
    JsonArray categories = new JsonArray();
    perLabel.forEach((label, m) -> {
      JsonObject c = new JsonObject();
      c.addProperty("label", label);
      c.addProperty("validation_rows", m.size());
      c.addProperty("validation_positives", m.positives());
      c.addProperty("roc_auc", m.rocAuc());
      c.addProperty("average_precision", m.averagePrecision());
      c.add("at_0_5", m.at(0.5).toJson());
      c.add("best_f1", m.bestF1().orElseThrow().toJson());
      c.add("for_recall_target", m.highestWithRecall(config.recallTarget()).orElseThrow().toJson());
      categories.add(c);
    });
    o.add("categories", categories);
    return o;
  }

  /** One line per label: validation size, ROC-AUC, AUPRC, best F1 and its threshold. */
  public static String summary(Result result) {
    StringBuilder b = new StringBuilder(result.data().counts().table()).append('\n');
    b.append(String.format(Locale.ROOT, "model written to %s (%d training / %d validation texts, best epoch %d, "
            + "%.0f training tokens/s)%n", result.folder(), result.trainRows(), result.validationRows(),
        result.training().bestEpoch(), result.training().trainTokensPerSecond()));
    b.append(String.format(Locale.ROOT, "%-18s %13s %7s %7s %7s %15s%n",
        "label", "valid(pos)", "ROC-AUC", "AvgPrec", "F1@0.5", "best F1 @ thr"));
    result.validation().forEach((label, v) -> b.append(String.format(Locale.ROOT,
        "%-18s %13s %7.3f %7.3f %7.3f %7.3f @ %.3f%n", label, v.size() + "(" + v.positives() + ")",
        v.rocAuc(), v.averagePrecision(), v.at(0.5).f1(), v.bestF1().orElseThrow().f1(),
        v.bestF1().orElseThrow().threshold())));
    b.append("validation per domain, at the balanced (best F1) and strict (recall target) thresholds:\n")
        .append(result.domains().table());
    return b.toString();
  }

}
