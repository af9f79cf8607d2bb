package dev.winnow.runtime.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.winnow.runtime.InferenceOptions;
import dev.winnow.runtime.ModelInfo;
import dev.winnow.runtime.TextClassifier;
import dev.winnow.runtime.EncoderInfo;
import dev.winnow.runtime.TextEncoder;
import dev.winnow.runtime.inference.BatchedTextClassifier;
import dev.winnow.runtime.inference.BatchedTextEncoder;
import dev.winnow.runtime.inference.WindowedRunner;
import dev.winnow.runtime.nn.ClassificationHead;
import dev.winnow.runtime.nn.EncoderClassifierNetwork;
import dev.winnow.runtime.nn.EncoderNetwork;
import dev.winnow.runtime.nn.Pooling;
import dev.winnow.runtime.nn.EncoderKernels;
import dev.winnow.runtime.nn.TransformerEncoder;
import dev.winnow.runtime.nn.Weights;
import dev.winnow.runtime.text.TextTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Hugging Face checkpoint folder: {@code config.json}, {@code model.safetensors},
 * {@code tokenizer.json}, read as saved by {@code save_pretrained}, with no conversion step.
 *
 * <p>A Winnow-trained head is the same layout whose config names a {@code base_encoder}: its own
 * safetensors then hold only the classifier, and the encoder's weights and tokenizer come from
 * the base, so a head costs kilobytes instead of a copy of the encoder.
 */
public final class HuggingFaceCheckpoint implements ModelSource {

  public static final String CONFIG = "config.json";
  public static final String WEIGHTS = "model.safetensors";
  public static final String TOKENIZER = "tokenizer.json";

  private final Path folder;
  private final HuggingFaceConfig config;
  private final HuggingFaceCheckpoint base;

  private HuggingFaceCheckpoint(Path folder, HuggingFaceConfig config, HuggingFaceCheckpoint base) {
    this.folder = folder;
    this.config = config;
    this.base = base;
  }

  /** The parsed {@code config.json}. */
  HuggingFaceConfig config() {
    return config;
  }

  /** The checkpoint this one's weights are adapters or a head over ({@code base_encoder}), if any. */
  Optional<HuggingFaceCheckpoint> base() {
    return Optional.ofNullable(base);
  }

  static boolean isCheckpoint(Path folder) {
    return Files.isRegularFile(folder.resolve(CONFIG)) && Files.isRegularFile(folder.resolve(WEIGHTS));
  }

  public static HuggingFaceCheckpoint open(Path folder) {
    HuggingFaceConfig config = HuggingFaceConfig.read(folder.resolve(CONFIG));
    HuggingFaceCheckpoint base = null;
    if (config.baseEncoder() != null) {
      ModelSource resolved = ModelSources.resolve(config.baseEncoder());
      if (!(resolved instanceof HuggingFaceCheckpoint hf)) {
        throw dev.winnow.runtime.WinnowErrors.badModel(folder.resolve(CONFIG) + ": base_encoder '" + config.baseEncoder()
            + "' must be a Hugging Face checkpoint");
      }
      base = hf;
      if (config.baseEncoderSha256() != null && !config.baseEncoderSha256().equals(base.weightsHash())) {
        throw dev.winnow.runtime.WinnowErrors.badModel(folder + " was trained on base encoder " + config.baseEncoder()
            + " with weights sha256 " + config.baseEncoderSha256() + ", but that encoder's weights now hash to "
            + base.weightsHash() + ": retrain the head or restore the encoder");
      }
    }
    HuggingFaceCheckpoint checkpoint = new HuggingFaceCheckpoint(folder, config, base);
    if (!Files.isRegularFile(checkpoint.tokenizerFile())) {
      throw dev.winnow.runtime.WinnowErrors.badModel("checkpoint " + folder + " has no " + TOKENIZER
          + " (Winnow needs the fast tokenizer file that save_pretrained writes)");
    }
    return checkpoint;
  }

  public Path folder() {
    return folder;
  }

  /** SHA-256 of {@code model.safetensors}: what a trained head pins its base encoder by. */
  public String weightsHash() {
    return ContentHash.file(folder.resolve(WEIGHTS));
  }

  Path tokenizerFile() {
    Path own = folder.resolve(TOKENIZER);
    return Files.isRegularFile(own) || base == null ? own : base.tokenizerFile();
  }

  @Override
  public ModelInfo describe() {
    if (config.labels().isEmpty()) {
      throw dev.winnow.runtime.WinnowErrors.badModel("checkpoint " + folder + " has no id2label in " + CONFIG
          + ": it is an encoder without a classifier; train a head on it first");
    }
    List<Path> files = new ArrayList<>(List.of(folder.resolve(CONFIG), folder.resolve(WEIGHTS), tokenizerFile()));
    if (base != null) {
      files.add(base.folder.resolve(WEIGHTS));
    }
    return new ModelInfo(folder.getFileName().toString(), ContentHash.of(files), config.labels(),
        config.activation(), config.encoder().maxTokens(), config.thresholdPresets(),
        TextPairSupport.accepts(config, config.sequenceClassifier(), tokenizerFile()));
  }

  @Override
  public TextClassifier load(InferenceOptions options) {
    ModelInfo info = describe();
    options.windowTokens(info.name(), info.maxTokens());
    LoadPlan plan = LoadPlan.of(options);
    NDManager manager = NDManager.newBaseManager(plan.device(), "PyTorch");
    TextTokenizer tokenizer = null;
    EncoderNetwork encoder = null;
    try {
      Weights weights = Weights.of(readWeights(manager, plan), folder.toString());
      ClassificationHead head = head(weights);
      if (head.labels() != info.labels().size()) {
        throw dev.winnow.runtime.WinnowErrors.badModel("checkpoint " + folder + " has " + head.labels()
            + " classifier outputs but id2label names " + info.labels().size() + " labels");
      }
      encoder = new EncoderNetwork(manager, encoder(weights, plan, manager));
      tokenizer = TextTokenizer.fromFile(tokenizerFile());
      return new BatchedTextClassifier(info,
          WindowedRunner.of(tokenizer, options, info.name(), info.maxTokens(), config.encoder().padTokenId()),
          new EncoderClassifierNetwork(encoder, head), options.aggregation());
    } catch (RuntimeException e) {
      if (tokenizer != null) {
        tokenizer.close();
      }
      // The encoder's prepared kernels live outside the manager: closing the encoder frees both.
      if (encoder != null) {
        encoder.close();
      } else {
        manager.close();
      }
      throw e;
    }
  }

  /**
   * Loads the encoder alone (any head weights are ignored): for embedding texts to train heads
   * on, and for parity checks.
   */
  public EncoderNetwork loadEncoder(InferenceOptions options) {
    LoadPlan plan = LoadPlan.of(options);
    NDManager manager = NDManager.newBaseManager(plan.device(), "PyTorch");
    try {
      Weights weights = Weights.of(readWeights(manager, plan), folder.toString());
      return new EncoderNetwork(manager, encoder(weights, plan, manager));
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  /** Loads the encoder as a sentence encoder pooling as the checkpoint says (mean if unsaid: CLS). */
  public TextEncoder loadTextEncoder(InferenceOptions options) {
    EncoderInfo info = new EncoderInfo(folder.getFileName().toString(),
        ContentHash.of(List.of(folder.resolve(CONFIG), folder.resolve(WEIGHTS), tokenizerFile())),
        config.encoder().hiddenSize(), config.encoder().maxTokens());
    options.windowTokens(info.name(), info.maxTokens());
    EncoderNetwork encoder = loadEncoder(options);
    try {
      WindowedRunner runner = WindowedRunner.of(
          loadTokenizer(), options, info.name(), info.maxTokens(), config.encoder().padTokenId());
      return new BatchedTextEncoder(info, runner, encoder.pooledOutputs(pooling()));
    } catch (RuntimeException e) {
      encoder.close();
      throw e;
    }
  }

  /** The tokenizer this checkpoint's texts must be encoded with. */
  public TextTokenizer loadTokenizer() {
    return TextTokenizer.fromFile(tokenizerFile());
  }

  /** How the encoder's states are pooled for a trained head (mean for sentence encoders). */
  public Pooling pooling() {
    return config.pooling() == null ? Pooling.CLS : config.pooling();
  }

  private TransformerEncoder encoder(Weights weights, LoadPlan plan, NDManager manager) {
    EncoderKernels kernels = EncoderKernels.load(plan.dense(), manager);
    try {
      return new TransformerEncoder(config.encoder(), weights, kernels);
    } catch (RuntimeException e) {
      kernels.close();
      throw e;
    }
  }

  /**
   * The parts a model is assembled from, in fp32 with any adapters merged: for training, which
   * builds its own (trainable) encoder and head on them. The weights live in {@code manager}.
   */
  public CheckpointParts parts(NDManager manager) {
    return new CheckpointParts(folder, config.encoder(), config.typeVocabSize(),
        Weights.of(readMerged(manager), folder.toString()), tokenizerFile(), pooling(), config.labels());
  }

  /**
   * This folder's tensors over its base's (recursively: a base may itself be adapted), a name
   * given by both taken from this folder, with this folder's adapters merged into the result.
   */
  private NDList readMerged(NDManager manager) {
    Map<String, NDArray> byName = new LinkedHashMap<>();
    NDList layers = new NDList();
    if (base != null) {
      layers.addAll(base.readMerged(manager));
    }
    layers.addAll(Safetensors.read(folder.resolve(WEIGHTS), manager));
    for (NDArray array : layers) {
      NDArray shadowed = byName.put(array.getName(), array);
      if (shadowed != null) {
        shadowed.close();
      }
    }
    NDList all = new NDList(byName.values().toArray(new NDArray[0]));
    return config.loraScale() == null ? all : LoraAdapters.merge(all, config.loraScale(), folder.resolve(WEIGHTS));
  }

  private NDList readWeights(NDManager manager, LoadPlan plan) {
    NDList all = readMerged(manager);
    NDList converted = new NDList(all.size());
    for (NDArray array : all) {
      NDArray cast = plan.cast(array);
      if (cast != array) {
        cast.setName(array.getName());
        array.close();
      }
      converted.add(cast);
    }
    return converted;
  }

  private ClassificationHead head(Weights weights) {
    String architecture = config.architecture() == null ? "" : config.architecture();
    return switch (architecture) {
      case "BertForSequenceClassification" -> ClassificationHead.bert(weights);
      case "RobertaForSequenceClassification", "XLMRobertaForSequenceClassification" ->
          ClassificationHead.roberta(weights);
      case "DistilBertForSequenceClassification" -> ClassificationHead.distilBert(weights);
      default -> {
        if (config.pooling() == null) {
          throw dev.winnow.runtime.WinnowErrors.badModel("checkpoint " + folder + ": architecture '" + architecture
              + "' is not a supported sequence classifier (BertForSequenceClassification, "
              + "RobertaForSequenceClassification, DistilBertForSequenceClassification, or an encoder "
              + "with winnow.pooling and classifier.* weights)");
        }
        yield ClassificationHead.pooledLinear(config.pooling(), weights);
      }
    };
  }
}
