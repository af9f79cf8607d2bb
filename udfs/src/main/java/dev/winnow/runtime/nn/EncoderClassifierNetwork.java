package dev.winnow.runtime.nn;

import dev.winnow.runtime.inference.LogitsNetwork;
import dev.winnow.runtime.inference.TokenBatch;

/** Winnow's own transformer classifier: an {@link EncoderNetwork} with a classification head. */
public final class EncoderClassifierNetwork implements LogitsNetwork {

  private final EncoderNetwork encoder;
  private final ClassificationHead head;

  /** Takes ownership of {@code encoder}. */
  public EncoderClassifierNetwork(EncoderNetwork encoder, ClassificationHead head) {
    this.encoder = encoder;
    this.head = head;
  }

  @Override
  public float[][] logits(TokenBatch batch) {
    return encoder.run(batch, (hidden, mask) -> EncoderNetwork.rows(head.logits(hidden, mask), batch.rows()));
  }

  @Override
  public void close() {
    encoder.close();
  }
}
