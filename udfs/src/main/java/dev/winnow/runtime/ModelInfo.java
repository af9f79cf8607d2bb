package dev.winnow.runtime;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a loaded model is: its name, a hash of the files it was loaded from, and its labels.
 *
 * @param name human name (folder name or built-in name)
 * @param contentHash hex SHA-256 over the model's files; two loads of the same bytes agree
 * @param labels label names in output order ({@code id2label})
 * @param activation how logits become scores
 * @param maxTokens longest token sequence the model accepts, special tokens included
 * @param thresholdPresets the flag thresholds the model was calibrated with, by preset name (may
 *     be none); users' explicit thresholds take precedence
 * @param acceptsTextPairs whether {@link TextClassifier#classifyPairs} may be called: the model
 *     reads a (context, text) pair through its tokenizer's pair template
 */
public record ModelInfo(
    String name,
    String contentHash,
    List<String> labels,
    ScoreActivation activation,
    int maxTokens,
    ThresholdPresets thresholdPresets,
    boolean acceptsTextPairs) {

  /** A single-text model with no recommended thresholds. */
  public ModelInfo(String name, String contentHash, List<String> labels, ScoreActivation activation, int maxTokens) {
    this(name, contentHash, labels, activation, maxTokens, ThresholdPresets.NONE, false);
  }

  public ModelInfo {
    Objects.requireNonNull(thresholdPresets, "thresholdPresets");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(contentHash, "contentHash");
    labels = List.copyOf(labels);
    Objects.requireNonNull(activation, "activation");
    if (labels.isEmpty()) {
      throw WinnowErrors.badModel("model '" + name + "' has no labels");
    }
    for (Map.Entry<String, Map<String, Float>> preset : thresholdPresets.byName().entrySet()) {
      for (Map.Entry<String, Float> e : preset.getValue().entrySet()) {
        if (!labels.contains(e.getKey()) || !(e.getValue() >= 0f && e.getValue() <= 1f)) {
          throw WinnowErrors.badModel("model '" + name + "' recommends threshold " + e.getValue() + " for '"
              + e.getKey() + "' (preset " + preset.getKey() + "), which is not one of its labels " + labels
              + " or not in [0, 1]");
        }
      }
    }
  }

  /**
   * Refuses pair scoring for a model that reads single texts only.
   *
   * @throws IllegalArgumentException naming the model
   */
  public void requireTextPairs() {
    if (!acceptsTextPairs) {
      throw WinnowErrors.badModel("model " + id() + " does not accept text pairs (context + text): "
          + "it is not a sequence classifier with a pair template in its tokenizer, and its config.json "
          + "does not declare \"winnow\": {\"input\": \"pair\"}; score the texts alone with classify");
    }
  }

  /** The thresholds of the model's preset {@code name} (see {@link ThresholdPresets#preset}). */
  public Map<String, Float> recommendedThresholds(String preset) {
    return thresholdPresets.preset(preset, id());
  }

  /** A stable, printable id: {@code name@first-12-hex-of-hash}. */
  public String id() {
    return name + "@" + contentHash.substring(0, Math.min(12, contentHash.length()));
  }
}
