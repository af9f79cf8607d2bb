package dev.winnow.runtime;

/** How logits become scores, from Hugging Face's {@code problem_type}. */
public enum ScoreActivation {
  /** {@code multi_label_classification}: independent sigmoid per label. */
  SIGMOID,
  /** {@code single_label_classification}: softmax over labels. */
  SOFTMAX;

  public static ScoreActivation fromProblemType(String problemType, int numLabels) {
    if (problemType == null || problemType.isBlank()) {
      // Hugging Face's own default: one label means regression-like sigmoid, several mean softmax.
      return numLabels == 1 ? SIGMOID : SOFTMAX;
    }
    return switch (problemType) {
      case "multi_label_classification", "multi_label" -> SIGMOID;
      case "single_label_classification", "single_label" -> SOFTMAX;
      default -> throw new IllegalArgumentException(
          "unsupported problem_type '" + problemType
              + "' (expected multi_label_classification or single_label_classification)");
    };
  }
}
