package dev.winnow.runtime;

import dev.winnow.runtime.checkpoint.HuggingFaceCheckpoint;
import dev.winnow.runtime.checkpoint.ModelSource;
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
      throw WinnowErrors.badModel("encoder '" + reference + "' must be a Hugging Face checkpoint folder");
    }
    return checkpoint.loadTextEncoder(options);
  }

  /**
   * {@link #describe}, plus every check of the model's files that needs no weights loaded (the
   * weights' headers against their sizes): what a Spark driver runs before any task does.
   */
  public static ModelInfo verify(String reference) {
    ModelSource source = ModelSources.resolve(reference);
    ModelInfo info = source.describe();
    ModelSources.verifyFiles(source);
    return info;
  }

  /**
   * Checks that a model can run with these options here: a GPU the PyTorch engine can use, a
   * precision the device runs.
   *
   * @throws UserError naming {@code model.device} or {@code model.precision}
   */
  public static void checkDevice(InferenceOptions options) {
    ModelSources.checkDevice(options);
  }

  /** Names, labels and content hash without loading weights (cheap enough for a Spark driver). */
  public static ModelInfo describe(String reference) {
    return ModelSources.resolve(reference).describe();
  }
}
