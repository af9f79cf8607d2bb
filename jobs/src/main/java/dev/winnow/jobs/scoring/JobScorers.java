package dev.winnow.jobs.scoring;

import dev.winnow.jobs.config.ConfigError;
import dev.winnow.jobs.config.InputSpec;
import dev.winnow.jobs.config.ModelSpec;
import dev.winnow.jobs.config.ThresholdSpec;
import dev.winnow.runtime.ModelInfo;
import dev.winnow.runtime.UserError;
import dev.winnow.spark.ClassifierFactory;
import dev.winnow.spark.SafetyScorer;
import dev.winnow.spark.TaskDevices;
import dev.winnow.spark.Thresholds;
import org.apache.spark.sql.SparkSession;

/**
 * What every job that scores shares: the {@link SafetyScorer} its settings describe, and the
 * checks the driver makes before any data is read. The job classes are entry points only.
 */
public final class JobScorers {

  private JobScorers() {}

  /** The scorer a job's settings describe; shared by the jobs that score. */
  public static SafetyScorer scorer(
      ModelSpec model, ThresholdSpec thresholds, InputSpec input, String columnPrefix, ClassifierFactory factory) {
    SafetyScorer scorer = scorer(model, thresholds.thresholds(), input.textColumn(), columnPrefix, factory);
    input.idColumn().ifPresent(scorer::setIdCol);
    input.contextColumn().ifPresent(scorer::setContextCol);
    return scorer;
  }

  /** The scorer for one model over one text column; what every job that scores builds on. */
  public static SafetyScorer scorer(
      ModelSpec model, Thresholds thresholds, String textColumn, String columnPrefix, ClassifierFactory factory) {
    return new SafetyScorer()
        .setClassifierFactory(factory)
        .setModelRef(model.ref())
        .setInferenceOptions(model.options())
        .setDevice(model.device())
        .setGpuBatchTokens(model.gpuBatchTokens())
        .setChunkRows(model.rowsPerChunk())
        .setThresholds(thresholds)
        .setTextCol(textColumn)
        .setOutputPrefix(columnPrefix);
  }

  /**
   * Everything about the model that the driver can check without loading weights, before any task:
   * its files (config, tokenizer, the weights' headers), the device and precision where the
   * driver can know them ({@link TaskDevices#checkOnDriver}), the window settings against its
   * length, and threshold names against its labels.
   *
   * @throws UserError naming {@code model.ref} (and the file), {@code model.device},
   *     {@code model.precision}, the window or the thresholds setting at fault ({@code
   *     thresholds.preset} the model lacks, a label it does not have)
   */
  public static ModelInfo checkModel(
      ModelSpec model, ThresholdSpec thresholds, ClassifierFactory factory, SparkSession spark) {
    String ref = model.ref();
    ModelInfo info;
    try {
      info = factory.verify(ref);
    } catch (UserError e) {
      throw new ConfigError(e.setting().orElse("model.ref"), "model '" + ref + "': " + e.problem(), e);
    }
    TaskDevices.checkOnDriver(model.device(), model.options(), model.gpuBatchTokens(), spark.sparkContext());
    model.checkWindows(info);
    try {
      info.recommendedThresholds(thresholds.thresholds().preset());
    } catch (IllegalArgumentException e) {
      throw new ConfigError("thresholds.preset", e.getMessage(), e);
    }
    try {
      thresholds.thresholds().resolve(info.labels());
    } catch (IllegalArgumentException e) {
      throw new ConfigError(thresholds.labelsKey(), e.getMessage(), e);
    }
    return info;
  }

  /**
   * Refuses {@code input.context_column} for a model that reads single texts, before any data is
   * read (the Spark stage would refuse it too, but naming its param rather than the setting).
   */
  public static void checkContext(InputSpec input, ModelInfo model) {
    if (input.contextColumn().isPresent() && !model.acceptsTextPairs()) {
      throw new ConfigError("input.context_column", "model " + model.id() + " does not accept (context, text) "
          + "pairs; unset input.context_column to score the texts alone, or use a model trained on pairs");
    }
  }
}
