package dev.winnow.runtime.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.winnow.runtime.nn.EncoderFamily;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a fully fine-tuned classifier as a standard Hugging Face checkpoint folder, the layout
 * {@code save_pretrained} writes for {@code BertForSequenceClassification} (or the RoBERTa /
 * DistilBERT twin): {@code config.json} with {@code architectures}, {@code id2label} and {@code
 * problem_type = multi_label_classification}, {@code model.safetensors} under Hugging Face's
 * parameter names, and the base's {@code tokenizer.json}. Python's {@code transformers} loads it
 * unchanged; it names no base encoder, because it carries every weight.
 */
public final class FullCheckpointWriter {

  private FullCheckpointWriter() {}

  /**
   * Writes into an existing staging folder.
   *
   * @param tensors every encoder and head tensor; encoder tensors stored without the architecture
   *     prefix (bare encoders are saved that way) get it, as {@code *ForSequenceClassification} names them
   */
  public static void writeInto(Path dir, String baseEncoderRef, EncoderFamily family, List<String> labels,
      NDList tensors, TrainedFacts facts) throws IOException {
    ModelSource source = ModelSources.resolve(baseEncoderRef);
    if (!(source instanceof HuggingFaceCheckpoint base)) {
      throw new IllegalArgumentException("base encoder '" + baseEncoderRef + "' is not a Hugging Face checkpoint");
    }
    JsonObject config = HeadCheckpointWriter.baseConfig(base);
    JsonArray architectures = new JsonArray();
    architectures.add(family.sequenceClassifier());
    config.add("architectures", architectures);
    HeadCheckpointWriter.addLabels(config, labels);
    JsonObject winnow = new JsonObject();
    winnow.addProperty("fine_tuned_from", baseEncoderRef);
    winnow.addProperty("fine_tuned_from_sha256", base.weightsHash());
    HeadCheckpointWriter.addWinnowFacts(winnow, labels, facts);
    config.add("winnow", winnow);
    HeadCheckpointWriter.writeConfig(dir, config);
    NDList named = new NDList(tensors.size());
    for (NDArray tensor : tensors) {
      String name = hfName(tensor.getName(), family);
      NDArray renamed = tensor.getName().equals(name) ? tensor : tensor.duplicate();
      renamed.setName(name);
      named.add(renamed);
    }
    HeadCheckpointWriter.writeTensors(dir.resolve(HuggingFaceCheckpoint.WEIGHTS), named);
    Files.copy(base.tokenizerFile(), dir.resolve(HuggingFaceCheckpoint.TOKENIZER));
  }

  /** Hugging Face's name for a tensor of a sequence classifier of {@code family}. */
  static String hfName(String name, EncoderFamily family) {
    String prefix = family.parameterPrefix();
    boolean head = name.startsWith("classifier.") || name.startsWith("pre_classifier.");
    return head || name.startsWith(prefix) ? name : prefix + name;
  }
}
