package dev.winnow.runtime.checkpoint;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import dev.winnow.runtime.InferenceOptions;
import dev.winnow.runtime.ModelInfo;
import dev.winnow.runtime.TextClassifier;
import dev.winnow.runtime.ThresholdPresets;
import dev.winnow.runtime.WinnowErrors;
import dev.winnow.runtime.inference.BatchedTextClassifier;
import dev.winnow.runtime.inference.WindowedRunner;
import dev.winnow.runtime.nn.TorchScriptNetwork;
import dev.winnow.runtime.text.TextTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipFile;

/**
 * A TorchScript export: one {@code *.pt} archive, {@code tokenizer.json}, and labels in
 * {@code config.json} ({@code id2label}, {@code problem_type}, {@code max_position_embeddings}).
 *
 * <p>TorchScript archives carry code that PyTorch runs: load only exports you trust. Plain
 * {@code torch.save} pickles (same suffix, no {@code code/} folder) are refused.
 */
final class TorchScriptModel implements ModelSource {

  private final Path folder;
  private final Path archive;
  private final HuggingFaceConfig config;

  private TorchScriptModel(Path folder, Path archive, HuggingFaceConfig config) {
    this.folder = folder;
    this.archive = archive;
    this.config = config;
  }

  static TorchScriptModel open(Path folder, List<Path> archives) {
    if (archives.size() != 1) {
      throw WinnowErrors.badModel("TorchScript folder " + folder + " must hold exactly one *.pt file, found "
          + archives);
    }
    Path archive = archives.get(0);
    if (!isTorchScript(archive)) {
      throw ModelSources.refusePickle(archive);
    }
    Path configFile = folder.resolve(HuggingFaceCheckpoint.CONFIG);
    if (!Files.isRegularFile(configFile)) {
      throw WinnowErrors.badModel("TorchScript folder " + folder + " has no " + HuggingFaceCheckpoint.CONFIG
          + " naming its labels (id2label) and model_type");
    }
    if (!Files.isRegularFile(folder.resolve(HuggingFaceCheckpoint.TOKENIZER))) {
      throw WinnowErrors.badModel("TorchScript folder " + folder + " has no " + HuggingFaceCheckpoint.TOKENIZER);
    }
    return new TorchScriptModel(folder, archive, HuggingFaceConfig.read(configFile));
  }

  /** TorchScript archives are zips with a code/ folder; torch.save pickles have none. */
  private static boolean isTorchScript(Path file) {
    try (ZipFile zip = new ZipFile(file.toFile())) {
      return zip.stream().anyMatch(e -> e.getName().contains("/code/"));
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public ModelInfo describe() {
    if (config.labels().isEmpty()) {
      throw WinnowErrors.badModel(folder.resolve(HuggingFaceCheckpoint.CONFIG) + " has no id2label");
    }
    Path tokenizer = folder.resolve(HuggingFaceCheckpoint.TOKENIZER);
    // forward(input_ids, attention_mask) takes no segment ids: only the config can vouch for pairs.
    return new ModelInfo(folder.getFileName().toString(),
        ContentHash.of(List.of(folder.resolve(HuggingFaceCheckpoint.CONFIG), archive, tokenizer)),
        config.labels(), config.activation(), config.encoder().maxTokens(), ThresholdPresets.NONE,
        TextPairSupport.accepts(config, false, tokenizer));
  }

  @Override
  public TextClassifier load(InferenceOptions options) {
    ModelInfo info = describe();
    options.windowTokens(info.name(), info.maxTokens());
    LoadPlan plan = LoadPlan.ofWholeGraph(options);
    Criteria<NDList, NDList> criteria = Criteria.builder()
        .setTypes(NDList.class, NDList.class)
        .optModelPath(archive)
        .optEngine("PyTorch")
        .optDevice(plan.device())
        .optOption("mapLocation", "true")
        .build();
    ZooModel<NDList, NDList> model;
    try {
      model = criteria.loadModel();
    } catch (IOException | ModelNotFoundException | MalformedModelException | RuntimeException e) {
      throw WinnowErrors.badModel("cannot load TorchScript model " + archive + ": " + e.getMessage(), e);
    }
    TextTokenizer tokenizer = TextTokenizer.fromFile(folder.resolve(HuggingFaceCheckpoint.TOKENIZER));
    return new BatchedTextClassifier(info,
        WindowedRunner.of(tokenizer, options, info.name(), info.maxTokens(), config.encoder().padTokenId()),
        new TorchScriptNetwork(model, info.labels().size()), options.aggregation());
  }

}
