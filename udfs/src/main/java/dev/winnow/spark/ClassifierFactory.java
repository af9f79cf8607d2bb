package dev.winnow.spark;

import dev.winnow.runtime.InferenceOptions;
import dev.winnow.runtime.ModelInfo;
import dev.winnow.runtime.Models;
import dev.winnow.runtime.TextClassifier;

/**
 * Turns a model reference into a classifier; the seam through which tests swap in a fake model.
 *
 * <p>As a {@link ModelLoader}, implementations must be serializable and have value equality (an
 * enum constant or a record).
 */
public interface ClassifierFactory extends ModelLoader<TextClassifier> {

  /** Loads weights; expensive, called once per executor JVM and key by the cache (again after an eviction). */
  @Override
  TextClassifier load(String reference, InferenceOptions options);

  /** Labels and identity without weights; cheap enough for the driver. */
  ModelInfo describe(String reference);

  /**
   * {@link #describe}, plus whatever can be checked of the model's files without loading its
   * weights; what a driver runs before any task, so a corrupt model fails there.
   */
  default ModelInfo verify(String reference) {
    return describe(reference);
  }

  /** The production factory: {@link Models}. */
  static ClassifierFactory models() {
    return RuntimeModels.INSTANCE;
  }

  /** An enum so that the copy deserialized on an executor equals the driver's. */
  enum RuntimeModels implements ClassifierFactory {
    INSTANCE;

    @Override
    public TextClassifier load(String reference, InferenceOptions options) {
      return Models.load(reference, options);
    }

    @Override
    public ModelInfo describe(String reference) {
      return Models.describe(reference);
    }

    @Override
    public ModelInfo verify(String reference) {
      return Models.verify(reference);
    }
  }
}
