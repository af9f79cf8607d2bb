package dev.winnow.jobs.train;

import dev.winnow.jobs.config.ConfigError;
import dev.winnow.jobs.config.Settings;
import java.util.List;
import dev.winnow.runtime.training.FineTuneMethod;
import dev.winnow.runtime.training.FineTuneOptions;
import dev.winnow.runtime.training.LoraSpec;
import dev.winnow.runtime.training.TrainingPrecision;

/**
 * The {@code training.*} settings of a fine-tune ({@code training.method = lora | full}).
 *
 * @param maxTokens training window: texts are cut to their first window of this many tokens
 * @param hiddenDropout dropout on hidden states while training (Hugging Face's hidden_dropout_prob)
 * @param lora null for a full fine-tune
 */
public record FineTuneSettings(
    FineTuneMethod method, FineTuneOptions options, LoraSpec lora, TrainingPrecision precision, int maxTokens,
    float hiddenDropout) {

  /** Peak learning rates when {@code training.learning_rate} is unset: adapters take larger steps. */
  static float defaultLearningRate(FineTuneMethod method) {
    return method == FineTuneMethod.LORA ? 5e-4f : 5e-5f;
  }

  static FineTuneSettings from(Settings s, FineTuneMethod method, long recipeSeed, boolean onGpu) {
    float rate = s.optionalString("training.learning_rate")
        .map(v -> (float) s.doubleIn("training.learning_rate", 1e-7, 1.0))
        .orElse(defaultLearningRate(method));
    long seed = s.optionalString("training.seed").map(v -> (long) s.intAtLeast("training.seed", Integer.MIN_VALUE))
        .orElse(recipeSeed);
    FineTuneOptions options;
    try {
      options = new FineTuneOptions(
          s.intAtLeast("training.epochs", 1),
          s.intAtLeast("training.patience", 0),
          rate,
          (float) s.doubleIn("training.head_learning_rate", 1e-7, 1.0),
          (float) s.doubleIn("training.weight_decay", 0, 1),
          (float) s.doubleIn("training.warmup_fraction", 0, 0.99),
          (float) s.doubleIn("training.max_grad_norm", 0, 1e6),
          s.intAtLeast("training.batch_tokens", 16),
          s.intAtLeast("training.effective_batch", 1),
          (float) s.doubleIn("training.max_positive_weight", 1, 1e6),
          seed,
          s.doubleIn("training.progress_seconds", 0.01, 86400));
    } catch (IllegalArgumentException e) {
      throw new ConfigError("training", e.getMessage(), e);
    }
    LoraSpec lora = null;
    if (method == FineTuneMethod.LORA) {
      List<String> named = s.stringList("training.lora.targets");
      if (named.isEmpty()) {
        throw new ConfigError("training.lora.targets", "must name at least one layer");
      }
      int rank = s.intAtLeast("training.lora.rank", 1);
      float alpha = (float) s.doubleIn("training.lora.alpha", 1e-6, 1e6);
      float dropout = (float) s.doubleIn("training.lora.dropout", 0, 0.99);
      try {
        lora = LoraSpec.of(rank, alpha, dropout, named);
      } catch (IllegalArgumentException e) {
        throw new ConfigError("training.lora.targets", e.getMessage(), e);
      }
    }
    String precision = s.oneOf("training.precision", "auto", "fp32", "bf16");
    TrainingPrecision resolved = switch (precision) {
      case "fp32" -> TrainingPrecision.FP32;
      case "bf16" -> TrainingPrecision.BF16;
      default -> TrainingPrecision.auto(onGpu);
    };
    return new FineTuneSettings(method, options, lora, resolved, s.intAtLeast("training.max_tokens", 8),
        (float) s.doubleIn("training.dropout", 0, 0.99));
  }
}
