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
 * @param recommendedThresholds per-label flag thresholds the model was calibrated with (may be
 *     empty); users' explicit thresholds take precedence
 */
public record ModelInfo(
    String name,
    String contentHash,
    List<String> labels,
    ScoreActivation activation,
    int maxTokens,
    Map<String, Float> recommendedThresholds) {

  public ModelInfo(String name, String contentHash, List<String> labels, ScoreActivation activation, int maxTokens) {
    this(name, contentHash, labels, activation, maxTokens, Map.of());
  }

  public ModelInfo {
    recommendedThresholds = Map.copyOf(recommendedThresholds);
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(contentHash, "contentHash");
    labels = List.copyOf(labels);
    Objects.requireNonNull(activation, "activation");
    if (labels.isEmpty()) {
      throw new IllegalArgumentException("model '" + name + "' has no labels");
    }
    for (Map.Entry<String, Float> e : recommendedThresholds.entrySet()) {
      if (!labels.contains(e.getKey()) || !(e.getValue() >= 0f && e.getValue() <= 1f)) {
        throw new IllegalArgumentException("model '" + name + "' recommends threshold " + e.getValue()
            + " for '" + e.getKey() + "', which is not one of its labels " + labels + " or not in [0, 1]");
      }
    }
  }

  /** A stable, printable id: {@code name@first-12-hex-of-hash}. */
  public String id() {
    return name + "@" + contentHash.substring(0, Math.min(12, contentHash.length()));
  }
}
