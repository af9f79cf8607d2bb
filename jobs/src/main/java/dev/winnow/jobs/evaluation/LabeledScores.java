package dev.winnow.jobs.evaluation;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.greatest;

import dev.winnow.jobs.config.ConfigError;
import dev.winnow.jobs.config.LabeledSource;
import dev.winnow.jobs.config.ModelSpec;
import dev.winnow.jobs.io.InputReader;
import dev.winnow.jobs.labels.LabeledData;
import dev.winnow.jobs.labels.LabeledFrame;
import dev.winnow.jobs.scoring.JobScorers;
import dev.winnow.runtime.ModelInfo;
import dev.winnow.runtime.WinnowErrors;
import dev.winnow.spark.ClassifierFactory;
import dev.winnow.spark.LabelNames;
import dev.winnow.spark.SafetyScorer;
import dev.winnow.spark.ScoreColumns;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.storage.StorageLevel;

/**
 * Labeled rows with their scores, reduced to what measuring needs: per category (and {@value
 * LabeledFrame#ANY}) a float score column {@link #score} and an int label column {@link #label}.
 *
 * <p>The rows are persisted: every metric reads them again, and the model must not run twice.
 *
 * @param categories evaluated categories in model label order ({@value LabeledFrame#ANY} not
 *     included)
 * @param thresholds per category, the threshold flags use (float, as {@link ScoreColumns} compares)
 * @param modelId the model's printable id
 * @param notes how labels were matched to the model
 */
public record LabeledScores(
    Dataset<Row> rows,
    List<String> categories,
    float[] thresholds,
    String modelId,
    String modelRef,
    String dataPath,
    List<String> notes) {

  public LabeledScores {
    categories = List.copyOf(categories);
    thresholds = thresholds.clone();
    notes = List.copyOf(notes);
  }

  /** Score column of a category (or {@value LabeledFrame#ANY}) in {@link #rows}. */
  public static String score(String category) {
    return "s_" + category;
  }

  /** Label column of a category (or {@value LabeledFrame#ANY}) in {@link #rows}. */
  public static String label(String category) {
    return "l_" + category;
  }

  /** Threshold of category {@code i} (in {@link #categories} order). */
  public float threshold(int i) {
    return thresholds[i];
  }

  /**
   * Reads the labeled input and scores it (or takes its scores, with {@code input.scored}). Checks
   * that need no data run first, so a bad setting fails before the model loads.
   */
  public static LabeledScores prepare(SparkSession spark, LabeledSource source, ClassifierFactory factory) {
    var format = InputReader.resolveFormat(spark, source.input());
    Dataset<Row> raw = InputReader.read(spark, source.input(), format);
    List<String> modelLabels;
    String modelId;
    // Evaluate at the thresholds scoring would use: the model's calibrated ones unless overridden.
    Map<String, Float> recommended = Map.of();
    SafetyScorer scorer = null;
    if (source.model().isPresent()) {
      ModelSpec model = source.model().get();
      ModelInfo info = JobScorers.checkModel(model, source.thresholds(), factory, spark);
      JobScorers.checkContext(source.input(), info);
      modelLabels = info.labels();
      modelId = info.id();
      try {
        recommended = info.recommendedThresholds(source.thresholds().thresholds().preset());
      } catch (IllegalArgumentException e) {
        throw new ConfigError("thresholds.preset", e.getMessage(), e);
      }
      scorer = JobScorers.scorer(model, source.thresholds(), source.input(), source.scorePrefix(), factory);
    } else {
      modelLabels = scoredLabels(raw, source);
      modelId = modelOfScoredInput(raw, source);
    }
    float[] all;
    try {
      all = source.thresholds().thresholds().resolve(modelLabels, recommended);
    } catch (IllegalArgumentException e) {
      throw new ConfigError(source.thresholds().labelsKey(), e.getMessage(), e);
    }

    LabeledFrame labeled = LabeledData.normalize(raw, source.labels(), source.input())
        .alignTo(modelLabels, source.labels().ignoreUnknown());
    Dataset<Row> scored = labeled.data();
    if (scorer != null) {
      try {
        scorer.transformSchema(scored.schema());
      } catch (IllegalArgumentException e) {
        throw WinnowErrors.invalid(null, "input " + source.input().path() + ": " + e.getMessage(), e);
      }
      scored = scorer.transform(scored);
    }

    List<String> names = LabelNames.sanitizeAll(modelLabels);
    List<Column> columns = new ArrayList<>();
    List<Column> scores = new ArrayList<>();
    float[] thresholds = new float[labeled.categories().size()];
    for (int i = 0; i < labeled.categories().size(); i++) {
      String category = labeled.categories().get(i);
      int index = names.indexOf(category);
      // A scored input's columns may be spelled unsanitized; the scorer writes sanitized names.
      String column = source.scorePrefix() + (scorer != null ? category : modelLabels.get(index));
      Column score = quoted(column).cast("float");
      scores.add(score);
      columns.add(score.as(score(category)));
      columns.add(quoted(LabeledFrame.column(category)).as(label(category)));
      thresholds[i] = all[index];
    }
    Column anyScore = scores.size() == 1 ? scores.get(0) : greatest(scores.toArray(new Column[0]));
    columns.add(anyScore.as(score(LabeledFrame.ANY)));
    columns.add(quoted(LabeledFrame.column(LabeledFrame.ANY)).as(label(LabeledFrame.ANY)));
    Dataset<Row> rows = scored.select(columns.toArray(new Column[0])).persist(StorageLevel.MEMORY_AND_DISK());
    return new LabeledScores(rows, labeled.categories(), thresholds, modelId,
        source.modelRef().orElse(modelId), source.input().path(), labeled.notes());
  }

  /** Label names of an already scored input: its score columns, less the prefix. */
  private static List<String> scoredLabels(Dataset<Row> raw, LabeledSource source) {
    String prefix = source.scorePrefix();
    List<String> labels = new ArrayList<>();
    for (var field : raw.schema().fields()) {
      if (field.name().startsWith(prefix) && field.name().length() > prefix.length()) {
        if (!(field.dataType() instanceof NumericType)) {
          throw new ConfigError("input.score_prefix", "column '" + field.name() + "' in " + source.input().path()
              + " has type " + field.dataType().simpleString() + "; score columns must be numbers");
        }
        labels.add(field.name().substring(prefix.length()));
      }
    }
    if (labels.isEmpty()) {
      throw new ConfigError("input.scored", source.input().path() + " has no score columns (named '" + prefix
          + "<category>'); its columns are " + Arrays.asList(raw.columns()));
    }
    return labels;
  }

  /** The {@code model} column's value(s) when the scored input has one, else {@code model.ref}. */
  private static String modelOfScoredInput(Dataset<Row> raw, LabeledSource source) {
    if (Arrays.asList(raw.columns()).contains(ScoreColumns.MODEL)) {
      List<String> models = raw.select(col(ScoreColumns.MODEL)).where(col(ScoreColumns.MODEL).isNotNull())
          .distinct().limit(5).as(Encoders.STRING()).collectAsList();
      if (!models.isEmpty()) {
        return String.join(",", models.stream().sorted().toList());
      }
    }
    return source.modelRef().orElse("unknown");
  }

  private static Column quoted(String name) {
    return col("`" + name.replace("`", "``") + "`");
  }
}
