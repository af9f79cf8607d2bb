package dev.winnow.runtime.training;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.winnow.runtime.WinnowErrors;
import dev.winnow.runtime.checkpoint.CheckpointParts;
import dev.winnow.runtime.checkpoint.FullCheckpointWriter;
import dev.winnow.runtime.checkpoint.HeadCheckpointWriter;
import dev.winnow.runtime.checkpoint.HuggingFaceCheckpoint;
import dev.winnow.runtime.checkpoint.ModelSource;
import dev.winnow.runtime.checkpoint.ModelSources;
import dev.winnow.runtime.checkpoint.TrainedFacts;
import dev.winnow.runtime.text.TextTokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Fine-tuning's entry points for callers that know a model only by reference (the train job):
 * open a base for training, and write what training produced in the format its method calls for.
 */
public final class FineTuning {

  private FineTuning() {}

  /** The base a fine-tune starts from: a Hugging Face checkpoint (an encoder or a classifier). */
  public static HuggingFaceCheckpoint base(String reference) {
    ModelSource source = ModelSources.resolve(reference);
    if (!(source instanceof HuggingFaceCheckpoint checkpoint)) {
      throw WinnowErrors.invalid("model.ref", "'" + reference + "' is not a Hugging Face checkpoint: "
          + "fine-tuning starts from one (e.g. builtin:e5-small-v2, or a folder a full fine-tune wrote)");
    }
    return checkpoint;
  }

  /** Opens {@code reference} for training on {@code device}. */
  public static TrainableClassifier open(String reference, Device device, FineTuneMethod method, LoraSpec lora,
      List<String> labels, TrainingPrecision precision, float hiddenDropout, long seed) {
    HuggingFaceCheckpoint checkpoint = base(reference);
    NDManager manager = NDManager.newBaseManager(device, "PyTorch");
    try {
      CheckpointParts parts = checkpoint.parts(manager);
      return TrainableClassifier.open(parts, manager, method, lora, labels, precision, hiddenDropout, seed);
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  /** The tokenizer a base's texts are encoded with. */
  public static TextTokenizer tokenizer(String reference) {
    return base(reference).loadTokenizer();
  }

  /**
   * Writes a trained model into an existing staging folder: adapters and head over the referenced
   * base (LoRA, megabytes), or a complete Hugging Face checkpoint (full).
   */
  public static void writeInto(Path dir, String baseReference, TrainableClassifier model, LoraSpec lora,
      TrainedFacts facts) throws IOException {
    if (model.method() == FineTuneMethod.LORA) {
      HeadCheckpointWriter.writeInto(dir, baseReference, model.labels(), model.exportTensors(), lora.toJson(), facts);
    } else {
      FullCheckpointWriter.writeInto(dir, baseReference, model.spec().family(), model.labels(),
          model.exportTensors(), facts);
    }
  }
}
