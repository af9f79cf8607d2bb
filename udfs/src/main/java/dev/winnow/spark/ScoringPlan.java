package dev.winnow.spark;

import dev.winnow.runtime.InferenceOptions;
import dev.winnow.runtime.ModelInfo;
import dev.winnow.runtime.TextClassifier;
import dev.winnow.runtime.TextScore;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Everything an executor needs to score texts, decided once on the driver: which model, how it
 * runs, and the columns its scores become.
 *
 * <p>Built from {@link ModelInfo} (no weights), so the driver never loads a model; executors get
 * theirs from {@link ExecutorModelCache}.
 */
public final class ScoringPlan implements Serializable {

  private final ClassifierFactory factory;
  private final String reference;
  private final DeviceRequest device;
  private final InferenceOptions options;
  private final int gpuBatchTokens;
  private final ScoreColumns columns;
  private final boolean acceptsTextPairs;

  private ScoringPlan(ClassifierFactory factory, String reference, DeviceRequest device, InferenceOptions options,
      int gpuBatchTokens, ScoreColumns columns, boolean acceptsTextPairs) {
    this.factory = factory;
    this.reference = reference;
    this.device = device;
    this.options = options;
    this.gpuBatchTokens = gpuBatchTokens;
    this.columns = columns;
    this.acceptsTextPairs = acceptsTextPairs;
  }

  /** Describes the model: labels and identity, read from its files without loading weights. */
  public static ModelInfo describe(ClassifierFactory factory, String reference) {
    if (reference == null || reference.isBlank()) {
      throw new IllegalArgumentException("model reference is not set");
    }
    return factory.describe(reference);
  }

  /**
   * Fixes the output columns of a described model; no I/O.
   *
   * @param info {@link #describe} of {@code reference}
   * @param device where tasks run the model, resolved per task by {@link TaskDevices}
   * @param options how the model runs; its device is replaced by the one {@code device} resolves to
   * @param gpuBatchTokens batch budget when a task runs on a GPU; 0 keeps {@code options.batchTokens()}
   */
  public static ScoringPlan prepare(
      ClassifierFactory factory,
      String reference,
      ModelInfo info,
      DeviceRequest device,
      InferenceOptions options,
      int gpuBatchTokens,
      Thresholds thresholds,
      String columnPrefix) {
    ScoreColumns columns = new ScoreColumns(info, columnPrefix, thresholds);
    return new ScoringPlan(factory, reference, Objects.requireNonNull(device, "device"), options, gpuBatchTokens,
        columns, info.acceptsTextPairs());
  }

  public ScoreColumns columns() {
    return columns;
  }

  public String reference() {
    return reference;
  }

  /** Where tasks run the model; each task resolves it ({@link TaskDevices}). */
  public DeviceRequest device() {
    return device;
  }

  /** How the model runs, but for the device, which each task resolves from {@link #device}. */
  public InferenceOptions options() {
    return options;
  }

  /** Whether the model accepts (context, text) pairs ({@link #scorePairs}). */
  public boolean acceptsTextPairs() {
    return acceptsTextPairs;
  }

  /**
   * Scores texts in one {@code classify} call; null and blank texts are answered here as skipped,
   * without reaching the model. The result has the size and order of {@code texts}.
   */
  public List<TextScore> score(List<String> texts) {
    return score(null, texts);
  }

  /** As {@link #score}, each text with its context in one {@code classifyPairs} call. */
  public List<TextScore> scorePairs(List<String> contexts, List<String> texts) {
    if (contexts.size() != texts.size()) {
      throw new IllegalArgumentException(contexts.size() + " contexts for " + texts.size() + " texts");
    }
    return score(contexts, texts);
  }

  /** @param contexts null to score the texts alone */
  private List<TextScore> score(List<String> contexts, List<String> texts) {
    TextScore[] result = new TextScore[texts.size()];
    List<String> toModel = new ArrayList<>(texts.size());
    List<String> modelContexts = new ArrayList<>(texts.size());
    int[] positions = new int[texts.size()];
    for (int i = 0; i < texts.size(); i++) {
      String text = texts.get(i);
      if (text == null) {
        result[i] = TextScore.skipped(TextScore.NULL_TEXT);
      } else if (text.isBlank()) {
        result[i] = TextScore.skipped(TextScore.EMPTY_TEXT);
      } else {
        positions[toModel.size()] = i;
        toModel.add(text);
        modelContexts.add(contexts == null ? null : contexts.get(i));
      }
    }
    if (!toModel.isEmpty()) {
      List<TextScore> scored;
      try (ModelLease<TextClassifier> classifier = borrowClassifier()) {
        scored = contexts == null
            ? classifier.model().classify(toModel)
            : classifier.model().classifyPairs(modelContexts, toModel);
      }
      if (scored.size() != toModel.size()) {
        throw new IllegalStateException("model " + columns.modelId() + " returned "
            + scored.size() + " scores for " + toModel.size() + " texts");
      }
      for (int j = 0; j < scored.size(); j++) {
        result[positions[j]] = scored.get(j);
      }
    }
    return Arrays.asList(result);
  }

  private ModelLease<TextClassifier> borrowClassifier() {
    // Resolved per call: tasks of one executor may hold different GPUs.
    return ExecutorModelCache.borrow(factory, reference, TaskDevices.forCurrentTask(device, options, gpuBatchTokens));
  }
}
