package dev.winnow.runtime.nn;

/**
 * The shape of a transformer encoder, independent of where its weights came from.
 *
 * @param padTokenId RoBERTa derives position ids from it; others ignore it
 */
public record EncoderSpec(
    EncoderFamily family,
    int hiddenSize,
    int layers,
    int heads,
    int intermediateSize,
    float layerNormEps,
    HiddenActivation activation,
    int maxPositions,
    int padTokenId) {

  public EncoderSpec {
    if (hiddenSize <= 0 || layers <= 0 || heads <= 0 || intermediateSize <= 0) {
      throw new IllegalArgumentException("encoder sizes must be positive: " + sizes(hiddenSize, layers, heads));
    }
    if (hiddenSize % heads != 0) {
      throw new IllegalArgumentException(
          "hidden size " + hiddenSize + " is not divisible by the number of attention heads " + heads);
    }
  }

  private static String sizes(int hidden, int layers, int heads) {
    return "hidden=" + hidden + ", layers=" + layers + ", heads=" + heads;
  }

  /** The longest token sequence the position embeddings allow. */
  public int maxTokens() {
    // RoBERTa spends padding_idx + 1 position slots before the first real token.
    return family == EncoderFamily.ROBERTA ? maxPositions - padTokenId - 1 : maxPositions;
  }
}
