package dev.winnow.runtime.checkpoint;

import dev.winnow.runtime.InferenceOptions;
import dev.winnow.runtime.WinnowErrors;
import dev.winnow.runtime.nn.EncoderTensors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Decides which format a model reference is in, from the files it finds: the one place that
 * knows every format, so callers only ever pass a reference string.
 *
 * <p>References: a folder path (or {@code file:} URI); {@code hf:ORG/NAME[@REVISION]} for a model
 * already in the local Hugging Face hub cache (Winnow never downloads at run time);
 * {@code builtin:NAME} for the encoders bundled with Winnow.
 */
public final class ModelSources {

  public static final String BUILTIN = "builtin:";
  public static final String HUB = "hf:";

  private static final List<String> PICKLE_FILES =
      List.of("pytorch_model.bin", "pytorch_model.bin.index.json", "tf_model.h5", "model.ckpt.index", "flax_model.msgpack");

  private ModelSources() {}

  public static ModelSource resolve(String reference) {
    if (reference == null || reference.isBlank()) {
      throw WinnowErrors.badModel("no model reference given");
    }
    if (reference.startsWith(BUILTIN)) {
      return BuiltinModels.resolve(reference.substring(BUILTIN.length()));
    }
    if (reference.startsWith(HUB)) {
      return fromFolder(HubCache.snapshot(reference.substring(HUB.length())));
    }
    String path = reference.startsWith("file:") ? Path.of(java.net.URI.create(reference)).toString() : reference;
    return fromFolder(Path.of(path));
  }

  /**
   * Checks what can be checked of a model's files without loading them: every weights file's
   * header against its size (a trained head's base encoder's too). A Spark driver calls this so
   * that a corrupt download fails before any task starts, naming the file.
   */
  public static void verifyFiles(ModelSource source) {
    if (source instanceof HuggingFaceCheckpoint checkpoint) {
      Path weights = checkpoint.folder().resolve(HuggingFaceCheckpoint.WEIGHTS);
      Map<String, long[]> shapes = Safetensors.verify(weights);
      if (checkpoint.base().isPresent()) {
        // A trained head or adapters: the encoder's tensors are its base's.
        verifyFiles(checkpoint.base().get());
        return;
      }
      List<String> problems = EncoderTensors.problems(checkpoint.config().encoder(), shapes, 3);
      if (!problems.isEmpty()) {
        throw WinnowErrors.weightsMismatch(weights, String.join("; ", problems));
      }
    }
  }

  /**
   * Checks that a model can run on {@code options}' device in their precision (a GPU this engine
   * can use, a precision that device runs), without loading one.
   *
   * @throws dev.winnow.runtime.UserError naming {@code model.device} or {@code model.precision}
   */
  public static void checkDevice(InferenceOptions options) {
    LoadPlan.of(options);
  }

  static ModelSource fromFolder(Path folder) {
    if (!Files.isDirectory(folder)) {
      throw WinnowErrors.badModel("model folder not found: " + folder);
    }
    if (HuggingFaceCheckpoint.isCheckpoint(folder)) {
      return HuggingFaceCheckpoint.open(folder);
    }
    if (Files.isRegularFile(folder.resolve("model.safetensors.index.json"))) {
      throw WinnowErrors.badModel("model folder " + folder + " holds a sharded checkpoint; "
          + "Winnow loads single-file model.safetensors (classifiers of this size are never sharded)");
    }
    List<Path> torchScript = files(folder, ".pt", ".torchscript");
    if (!torchScript.isEmpty()) {
      return TorchScriptModel.open(folder, torchScript);
    }
    for (String pickle : PICKLE_FILES) {
      if (Files.exists(folder.resolve(pickle))) {
        throw refusePickle(folder.resolve(pickle));
      }
    }
    if (Files.isRegularFile(folder.resolve(HuggingFaceCheckpoint.CONFIG))) {
      throw WinnowErrors.badModel("checkpoint " + folder + " has " + HuggingFaceCheckpoint.CONFIG
          + " but no " + HuggingFaceCheckpoint.WEIGHTS + " (an incomplete copy?)");
    }
    throw WinnowErrors.badModel("model folder " + folder + " is neither a Hugging Face checkpoint ("
        + HuggingFaceCheckpoint.CONFIG + " + " + HuggingFaceCheckpoint.WEIGHTS + " + "
        + HuggingFaceCheckpoint.TOKENIZER + ") nor a TorchScript export (*.pt + tokenizer.json + labels)");
  }

  static IllegalArgumentException refusePickle(Path file) {
    return WinnowErrors.badModel("refusing to load " + file + ": it is a pickle checkpoint, and "
        + "unpickling runs arbitrary code from the file. Use the model's model.safetensors instead "
        + "(most Hugging Face models publish one), or convert once in a trusted Python environment: "
        + "AutoModelForSequenceClassification.from_pretrained(path).save_pretrained(path, safe_serialization=True)");
  }

  private static List<Path> files(Path folder, String... suffixes) {
    try (Stream<Path> entries = Files.list(folder)) {
      return entries
          .filter(Files::isRegularFile)
          .filter(p -> Stream.of(suffixes).anyMatch(s -> p.getFileName().toString().endsWith(s)))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list model folder " + folder, e);
    }
  }
}
