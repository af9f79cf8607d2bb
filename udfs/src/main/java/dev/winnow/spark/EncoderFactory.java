package dev.winnow.spark;

import dev.winnow.runtime.InferenceOptions;
import dev.winnow.runtime.Models;
import dev.winnow.runtime.TextEncoder;

/** Turns an encoder reference into a sentence encoder; the seam for tests, like {@link ClassifierFactory}. */
public interface EncoderFactory extends ModelLoader<TextEncoder> {

  /** The production factory: {@link Models#loadEncoder}. */
  static EncoderFactory models() {
    return RuntimeEncoders.INSTANCE;
  }

  /** An enum so that the copy deserialized on an executor equals the driver's. */
  enum RuntimeEncoders implements EncoderFactory {
    INSTANCE;

    @Override
    public TextEncoder load(String reference, InferenceOptions options) {
      return Models.loadEncoder(reference, options);
    }
  }
}
