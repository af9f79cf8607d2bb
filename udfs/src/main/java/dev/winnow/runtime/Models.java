package dev.winnow.runtime;

import dev.winnow.runtime.checkpoint.HuggingFaceCheckpoint;
import dev.winnow.runtime.checkpoint.ModelSources;
import dev.winnow.runtime.checkpoint.onnx.BundledEncoderImporter;

/**
 * The one entry point that turns a model reference into a running classifier.
 *
 * <p>A reference is a Hugging Face checkpoint folder, a TorchScript folder, or a built-in name
 * ({@code builtin:NAME}). Which loader reads it is decided from the folder's files, never by the
 * caller, so the Spark layer and the jobs stay ignorant of checkpoint formats.
 */
public final class Models {

  /**
   * System property naming the folder built-in models are imported into (else the {@code
   * WINNOW_CACHE_DIR} environment variable, else {@code ~/.cache/winnow}); child JVMs that load
   * models pass it on.
   */
  public static final String CACHE_DIR_PROPERTY = BundledEncoderImporter.CACHE_DIR_PROPERTY;

  private Models() {}

  /** Loads the model's weights and tokenizer; the caller closes the result. */
  public static TextClassifier load(String reference, InferenceOptions options) {
    return ModelSources.resolve(reference).load(options);
  }

  /**
   * Loads a Hugging Face checkpoint's encoder as a sentence encoder (for training heads);
   * classifier weights in the folder, if any, are ignored.
   */
  public static TextEncoder loadEncoder(String reference, InferenceOptions options) {
    if (!(ModelSources.resolve(reference) instanceof HuggingFaceCheckpoint checkpoint)) {
      throw new IllegalArgumentException("encoder '" + reference + "' must be a Hugging Face checkpoint folder");
    }
    return checkpoint.loadTextEncoder(options);
  }

  /** Names, labels and content hash without loading weights (cheap enough for a Spark driver). */
  public static ModelInfo describe(String reference) {
    return ModelSources.resolve(reference).describe();
  }
}
