package dev.winnow.runtime.checkpoint.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.winnow.runtime.checkpoint.onnx.BertWeightMapping.BertWeights;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes a bundled encoder as a Hugging Face {@code BertModel} checkpoint folder. */
final class EncoderCheckpointWriter {

  static final String CONFIG = "config.json";
  static final String WEIGHTS = "model.safetensors";
  static final String TOKENIZER = "tokenizer.json";
  static final List<String> FILES = List.of(CONFIG, WEIGHTS, TOKENIZER);

  // Fixed by the BERT architecture both bundled encoders share; not recoverable from weights.
  private static final double LAYER_NORM_EPS = 1e-12;
  private static final String HIDDEN_ACT = "gelu";
  private static final int PAD_TOKEN_ID = 0;

  private EncoderCheckpointWriter() {}

  /** Writes {@link #FILES} into {@code folder}, which must exist. */
  static void write(BundledEncoder encoder, Path folder) throws IOException {
    BertWeights bert;
    try (InputStream onnx = encoder.openResource(encoder.onnxResource())) {
      bert = BertWeightMapping.map(OnnxModelReader.read(onnx, encoder.source()), encoder);
    }
    writeSafetensors(bert, folder.resolve(WEIGHTS));
    Files.writeString(folder.resolve(CONFIG), configJson(encoder, bert.dimensions()), StandardCharsets.UTF_8);
    try (InputStream tokenizer = encoder.openResource(encoder.tokenizerResource())) {
      Files.copy(tokenizer, folder.resolve(TOKENIZER));
    }
  }

  private static void writeSafetensors(BertWeights bert, Path file) throws IOException {
    try (NDManager manager = NDManager.newBaseManager();
        OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
      NDList arrays = new NDList(bert.weights().size());
      for (MappedWeight weight : bert.weights().values()) {
        NDArray array = manager.create(weight.values(), new Shape(weight.shape()));
        array.setName(weight.name());
        arrays.add(array);
      }
      arrays.encode(out, NDList.Encoding.SAFETENSORS);
    }
  }

  static String configJson(BundledEncoder encoder, BertDimensions dimensions) {
    JsonObject config = new JsonObject();
    JsonArray architectures = new JsonArray();
    architectures.add("BertModel");
    config.add("architectures", architectures);
    config.addProperty("model_type", "bert");
    config.addProperty("hidden_size", dimensions.hiddenSize());
    config.addProperty("num_hidden_layers", dimensions.numHiddenLayers());
    config.addProperty("num_attention_heads", dimensions.numAttentionHeads());
    config.addProperty("intermediate_size", dimensions.intermediateSize());
    config.addProperty("vocab_size", dimensions.vocabSize());
    config.addProperty("max_position_embeddings", dimensions.maxPositionEmbeddings());
    config.addProperty("type_vocab_size", dimensions.typeVocabSize());
    config.addProperty("layer_norm_eps", LAYER_NORM_EPS);
    config.addProperty("hidden_act", HIDDEN_ACT);
    config.addProperty("pad_token_id", PAD_TOKEN_ID);
    config.addProperty("torch_dtype", "float32");
    JsonObject winnow = new JsonObject();
    winnow.addProperty("pooling", encoder.pooling());
    winnow.addProperty("source", encoder.source());
    config.add("winnow", winnow);
    return new GsonBuilder().setPrettyPrinting().create().toJson(config) + "\n";
  }
}
