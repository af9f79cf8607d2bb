package dev.winnow.runtime;

import java.util.List;
import java.util.Objects;

/**
 * What a loaded model is: its name, a hash of the files it was loaded from, and its labels.
 *
 * @param name human name (folder name or built-in name)
 * @param contentHash hex SHA-256 over the model's files; two loads of the same bytes agree
 * @param labels label names in output order ({@code id2label})
 * @param activation how logits become scores
 * @param maxTokens longest token sequence the model accepts, special tokens included
 */
public record ModelInfo(
    String name, String contentHash, List<String> labels, ScoreActivation activation, int maxTokens) {

  public ModelInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(contentHash, "contentHash");
    labels = List.copyOf(labels);
    Objects.requireNonNull(activation, "activation");
    if (labels.isEmpty()) {
      throw new IllegalArgumentException("model '" + name + "' has no labels");
    }
  }

  /** A stable, printable id: {@code name@first-12-hex-of-hash}. */
  public String id() {
    return name + "@" + contentHash.substring(0, Math.min(12, contentHash.length()));
  }
}
