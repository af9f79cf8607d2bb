package dev.winnow.runtime.training;

/**
 * How a fine-tune runs.
 *
 * @param epochs most passes over the training rows
 * @param patience epochs without a better validation metric before stopping early (0: never)
 * @param learningRate peak rate of the encoder's weights or adapters
 * @param headLearningRate peak rate of the freshly initialised head
 * @param weightDecay AdamW's decoupled decay (not on biases and LayerNorm)
 * @param warmupFraction share of all steps over which the rate rises linearly from 0; it then
 *     decays linearly to 0 at the last step
 * @param maxGradNorm global gradient norm clipped to (0: no clipping)
 * @param batchTokens token budget of one micro-batch (rows x padded length)
 * @param effectiveBatch rows per optimizer step: micro-batches accumulate gradients until they hold this many
 * @param maxPositiveWeight cap on a category's positive-class weight (negatives / positives)
 * @param seed draws initialisations, batch order and dropout
 * @param progressSeconds seconds between progress lines
 */
public record FineTuneOptions(
    int epochs,
    int patience,
    float learningRate,
    float headLearningRate,
    float weightDecay,
    float warmupFraction,
    float maxGradNorm,
    int batchTokens,
    int effectiveBatch,
    float maxPositiveWeight,
    long seed,
    double progressSeconds) {

  public FineTuneOptions {
    check(epochs >= 1, "epochs must be at least 1");
    check(patience >= 0, "patience must be >= 0");
    check(learningRate > 0 && headLearningRate > 0, "learning rates must be positive");
    check(weightDecay >= 0, "weight decay must be >= 0");
    check(warmupFraction >= 0 && warmupFraction < 1, "warm-up fraction must be in [0, 1)");
    check(maxGradNorm >= 0, "max gradient norm must be >= 0");
    check(batchTokens >= 1, "batch tokens must be positive");
    check(effectiveBatch >= 1, "effective batch must be at least 1 row");
    check(maxPositiveWeight >= 1, "max positive weight must be >= 1");
    check(progressSeconds > 0, "progress interval must be positive");
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
