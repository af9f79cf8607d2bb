package dev.winnow.runtime.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.winnow.runtime.ThresholdPresets;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a trained {@link LinearHead} as a Hugging Face style folder that points at its base
 * encoder by reference and weights hash, instead of copying the encoder: {@code config.json}
 * (the base's config plus labels, {@code problem_type} and a {@code winnow} section) and a
 * {@code model.safetensors} holding only {@code classifier.weight} and {@code classifier.bias}.
 */
public final class HeadCheckpointWriter {

  private HeadCheckpointWriter() {}

  /**
   * Writes the head into {@code folder}, which must not exist yet; the folder appears complete
   * or not at all.
   *
   * @param metadata extra facts for {@code winnow.training} (data fingerprint, metrics, ...)
   */
  public static Path write(Path folder, String baseEncoderRef, LinearHead head, JsonObject metadata) {
    return write(folder, baseEncoderRef, head, TrainedFacts.of(Map.of(), metadata));
  }

  /**
   * As {@link #write(Path, String, LinearHead, JsonObject)}, recording the thresholds the head was
   * calibrated with, which scoring uses unless the user sets others.
   */
  public static Path write(Path folder, String baseEncoderRef, LinearHead head, TrainedFacts facts) {
    if (Files.exists(folder)) {
      throw new IllegalArgumentException("model folder " + folder + " already exists; choose a new path");
    }
    try {
      return FolderPublisher.publish(folder, staging -> writeInto(staging, baseEncoderRef, head, facts),
          existing -> {
            throw new IllegalArgumentException("model folder " + folder + " appeared while it was being written");
          });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write model folder " + folder, e);
    }
  }

  /**
   * Writes the head's {@code config.json} and {@code model.safetensors} into an existing staging
   * folder, for callers that publish more files alongside (the train job's metrics).
   */
  public static void writeInto(Path dir, String baseEncoderRef, LinearHead head, TrainedFacts facts)
      throws IOException {
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      writeInto(dir, baseEncoderRef, head.labels(), headTensors(manager, head), null, facts);
    }
  }

  /**
   * Writes a head, and optionally low-rank adapters of the base encoder's layers, into an existing
   * staging folder. The tensors are {@code classifier.weight} [labels, hidden], {@code
   * classifier.bias} and any {@link LoraAdapters} pairs, named after the base's layers.
   *
   * @param lora {@code winnow.lora} ({@code rank}, {@code alpha}, {@code targets}) when adapters are
   *     among the tensors, else null
   */
  public static void writeInto(Path dir, String baseEncoderRef, List<String> labels, NDList tensors,
      JsonObject lora, TrainedFacts facts) throws IOException {
    ModelSource source = ModelSources.resolve(baseEncoderRef);
    if (!(source instanceof HuggingFaceCheckpoint base)) {
      throw new IllegalArgumentException("base encoder '" + baseEncoderRef + "' is not a Hugging Face checkpoint");
    }
    JsonObject config = baseConfig(base);
    long inputs = tensors.stream().filter(t -> t.getName().equals("classifier.weight")).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("a head needs classifier.weight"))
        .getShape().get(1);
    if (config.get("hidden_size").getAsInt() != inputs) {
      throw new IllegalArgumentException("head has " + inputs + " inputs but base encoder "
          + baseEncoderRef + " has hidden size " + config.get("hidden_size").getAsInt());
    }
    // A pooled head on an encoder, not the base's own classifier architecture.
    config.remove("architectures");
    addLabels(config, labels);
    JsonObject winnow = new JsonObject();
    winnow.addProperty("pooling", base.pooling().name().toLowerCase(Locale.ROOT));
    winnow.addProperty("base_encoder", baseEncoderRef);
    winnow.addProperty("base_encoder_sha256", base.weightsHash());
    if (lora != null) {
      winnow.add("lora", lora);
    }
    addWinnowFacts(winnow, labels, facts);
    config.add("winnow", winnow);
    writeConfig(dir, config);
    writeTensors(dir.resolve(HuggingFaceCheckpoint.WEIGHTS), tensors);
  }

  /** id2label, label2id and the multi-label problem type. */
  static void addLabels(JsonObject config, List<String> labels) {
    JsonObject id2label = new JsonObject();
    JsonObject label2id = new JsonObject();
    for (int i = 0; i < labels.size(); i++) {
      id2label.addProperty(Integer.toString(i), labels.get(i));
      label2id.addProperty(labels.get(i), i);
    }
    config.add("id2label", id2label);
    config.add("label2id", label2id);
    config.addProperty("problem_type", "multi_label_classification");
  }

  /** The recommended thresholds, input kind and training facts every Winnow-trained folder carries. */
  static void addWinnowFacts(JsonObject winnow, List<String> labels, TrainedFacts facts) {
    if (facts.pairInput()) {
      winnow.addProperty("input", HuggingFaceConfig.PAIR_INPUT);
    }
    winnow.add("thresholds", thresholdsJson(labels, facts.thresholds().balanced()));
    if (facts.thresholds().byName().size() > 1
        || !facts.thresholds().byName().keySet().stream().allMatch(ThresholdPresets.BALANCED::equals)) {
      JsonObject presets = new JsonObject();
      facts.thresholds().byName().forEach((name, values) -> presets.add(name, thresholdsJson(labels, values)));
      winnow.add("threshold_presets", presets);
    }
    winnow.add("training", facts.training());
  }

  private static JsonObject thresholdsJson(List<String> labels, Map<String, Float> thresholds) {
    JsonObject json = new JsonObject();
    thresholds.forEach((label, value) -> {
      if (!labels.contains(label)) {
        throw new IllegalArgumentException("threshold for '" + label + "' names no label of the head " + labels);
      }
      json.addProperty(label, value);
    });
    return json;
  }

  static void writeConfig(Path dir, JsonObject config) throws IOException {
    Files.writeString(dir.resolve(HuggingFaceCheckpoint.CONFIG),
        new GsonBuilder().setPrettyPrinting().create().toJson(config) + "\n", StandardCharsets.UTF_8);
  }

  static void writeTensors(Path file, NDList tensors) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      tensors.encode(out, NDList.Encoding.SAFETENSORS);
    }
  }

  static JsonObject baseConfig(HuggingFaceCheckpoint base) {
    try {
      JsonElement parsed = JsonParser.parseString(
          Files.readString(base.folder().resolve(HuggingFaceCheckpoint.CONFIG), StandardCharsets.UTF_8));
      JsonObject config = parsed.getAsJsonObject().deepCopy();
      config.remove("winnow");
      return config;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the base encoder's config in " + base.folder(), e);
    }
  }

  private static NDList headTensors(NDManager manager, LinearHead head) {
    int labels = head.labels().size();
    int hidden = head.hiddenSize();
    float[] flat = new float[labels * hidden];
    for (int l = 0; l < labels; l++) {
      System.arraycopy(head.weight()[l], 0, flat, l * hidden, hidden);
    }
    NDArray weight = manager.create(flat, new Shape(labels, hidden));
    weight.setName("classifier.weight");
    NDArray bias = manager.create(head.bias(), new Shape(labels));
    bias.setName("classifier.bias");
    return new NDList(weight, bias);
  }
}
