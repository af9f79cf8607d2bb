package dev.winnow.runtime.testing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Writes small Hugging Face checkpoint folders with seeded random weights, laid out exactly as
 * {@code save_pretrained} does, so loaders and numerics can be tested without downloads.
 */
public final class CheckpointFixtures {

  public static final int HIDDEN = 32;
  public static final int LAYERS = 2;
  public static final int HEADS = 4;
  public static final int INTERMEDIATE = 64;
  public static final int MAX_POSITIONS = 40;
  public static final String TOKENIZER_RESOURCE = "/e5-small-v2-tokenizer.json";

  /** The architectures the fixtures can write. */
  public enum Architecture { BERT, ROBERTA, DISTILBERT }

  private CheckpointFixtures() {}

  /** Writes a tiny sequence classifier of the given architecture into {@code dir}. */
  public static Path sequenceClassifier(Path dir, Architecture arch, List<String> labels, String problemType, long seed) {
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      Random random = new Random(seed);
      int vocab = vocabSize();
      NDList weights = new NDList();
      String prefix = switch (arch) {
        case BERT -> "bert.";
        case ROBERTA -> "roberta.";
        case DISTILBERT -> "distilbert.";
      };
      int positions = arch == Architecture.ROBERTA ? MAX_POSITIONS + 2 : MAX_POSITIONS;
      add(weights, manager, random, prefix + "embeddings.word_embeddings.weight", 1.0f, vocab, HIDDEN);
      add(weights, manager, random, prefix + "embeddings.position_embeddings.weight", 1.0f, positions, HIDDEN);
      if (arch != Architecture.DISTILBERT) {
        add(weights, manager, random, prefix + "embeddings.token_type_embeddings.weight", 1.0f, arch == Architecture.ROBERTA ? 1 : 2, HIDDEN);
      }
      norm(weights, manager, random, prefix + "embeddings.LayerNorm");
      for (int l = 0; l < LAYERS; l++) {
        if (arch == Architecture.DISTILBERT) {
          String p = prefix + "transformer.layer." + l + ".";
          for (String lin : List.of("attention.q_lin", "attention.k_lin", "attention.v_lin", "attention.out_lin")) {
            dense(weights, manager, random, p + lin, HIDDEN, HIDDEN);
          }
          norm(weights, manager, random, p + "sa_layer_norm");
          dense(weights, manager, random, p + "ffn.lin1", INTERMEDIATE, HIDDEN);
          dense(weights, manager, random, p + "ffn.lin2", HIDDEN, INTERMEDIATE);
          norm(weights, manager, random, p + "output_layer_norm");
        } else {
          String p = prefix + "encoder.layer." + l + ".";
          for (String lin : List.of("attention.self.query", "attention.self.key", "attention.self.value",
              "attention.output.dense")) {
            dense(weights, manager, random, p + lin, HIDDEN, HIDDEN);
          }
          norm(weights, manager, random, p + "attention.output.LayerNorm");
          dense(weights, manager, random, p + "intermediate.dense", INTERMEDIATE, HIDDEN);
          dense(weights, manager, random, p + "output.dense", HIDDEN, INTERMEDIATE);
          norm(weights, manager, random, p + "output.LayerNorm");
        }
      }
      switch (arch) {
        case BERT -> {
          dense(weights, manager, random, "bert.pooler.dense", HIDDEN, HIDDEN);
          dense(weights, manager, random, "classifier", labels.size(), HIDDEN);
        }
        case ROBERTA -> {
          dense(weights, manager, random, "classifier.dense", HIDDEN, HIDDEN);
          dense(weights, manager, random, "classifier.out_proj", labels.size(), HIDDEN);
        }
        case DISTILBERT -> {
          dense(weights, manager, random, "pre_classifier", HIDDEN, HIDDEN);
          dense(weights, manager, random, "classifier", labels.size(), HIDDEN);
        }
      }
      Files.createDirectories(dir);
      writeSafetensors(dir.resolve("model.safetensors"), weights);
      writeJson(dir.resolve("config.json"), config(arch, labels, problemType, vocab, positions));
      copyTokenizer(dir.resolve("tokenizer.json"));
      if (arch == Architecture.ROBERTA) {
        setPostProcessor(dir.resolve("tokenizer.json"), robertaProcessing());
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, Object> config(Architecture arch, List<String> labels, String problemType, int vocab, int positions) {
    Map<String, Object> c = new LinkedHashMap<>();
    Map<String, String> id2label = new LinkedHashMap<>();
    for (int i = 0; i < labels.size(); i++) {
      id2label.put(Integer.toString(i), labels.get(i));
    }
    switch (arch) {
      case BERT, ROBERTA -> {
        c.put("architectures", List.of(arch == Architecture.BERT ? "BertForSequenceClassification" : "RobertaForSequenceClassification"));
        c.put("model_type", arch == Architecture.BERT ? "bert" : "roberta");
        c.put("hidden_size", HIDDEN);
        c.put("num_hidden_layers", LAYERS);
        c.put("num_attention_heads", HEADS);
        c.put("intermediate_size", INTERMEDIATE);
        c.put("hidden_act", "gelu");
        c.put("layer_norm_eps", arch == Architecture.BERT ? 1e-12 : 1e-5);
        c.put("max_position_embeddings", positions);
        c.put("type_vocab_size", arch == Architecture.BERT ? 2 : 1);
        c.put("pad_token_id", arch == Architecture.BERT ? 0 : 1);
      }
      case DISTILBERT -> {
        c.put("architectures", List.of("DistilBertForSequenceClassification"));
        c.put("model_type", "distilbert");
        c.put("dim", HIDDEN);
        c.put("n_layers", LAYERS);
        c.put("n_heads", HEADS);
        c.put("hidden_dim", INTERMEDIATE);
        c.put("activation", "gelu");
        c.put("max_position_embeddings", positions);
        c.put("pad_token_id", 0);
      }
    }
    c.put("vocab_size", vocab);
    c.put("id2label", id2label);
    if (problemType != null) {
      c.put("problem_type", problemType);
    }
    return c;
  }

  private static void add(NDList list, NDManager m, Random random, String name, float scale, long... shape) {
    int n = (int) new Shape(shape).size();
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = (float) random.nextGaussian() * scale;
    }
    NDArray array = m.create(values, new Shape(shape));
    array.setName(name);
    list.add(array);
  }

  private static void dense(NDList list, NDManager m, Random random, String name, int out, int in) {
    add(list, m, random, name + ".weight", (float) (1.0 / Math.sqrt(in)), out, in);
    add(list, m, random, name + ".bias", 0.1f, out);
  }

  private static void norm(NDList list, NDManager m, Random random, String name) {
    float[] w = new float[HIDDEN];
    for (int i = 0; i < HIDDEN; i++) {
      w[i] = 1f + 0.1f * (float) random.nextGaussian();
    }
    NDArray gamma = m.create(w, new Shape(HIDDEN));
    gamma.setName(name + ".weight");
    list.add(gamma);
    add(list, m, random, name + ".bias", 0.1f, HIDDEN);
  }

  public static void writeSafetensors(Path file, NDList weights) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      weights.encode(out, NDList.Encoding.SAFETENSORS);
    }
  }

  public static void writeJson(Path file, Map<String, Object> json) throws IOException {
    Files.writeString(file, new GsonBuilder().setPrettyPrinting().create().toJson(json));
  }

  public static void copyTokenizer(Path target) throws IOException {
    try (InputStream in = CheckpointFixtures.class.getResourceAsStream(TOKENIZER_RESOURCE)) {
      if (in == null) {
        throw new IOException(TOKENIZER_RESOURCE + " not on the classpath");
      }
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * RoBERTa's post-processor ({@code <s> A </s></s> B </s>}) on the fixture vocabulary, with
   * [CLS] and [SEP] in the roles of {@code <s>} and {@code </s>}.
   */
  public static JsonObject robertaProcessing() {
    return JsonParser.parseString("{\"type\": \"RobertaProcessing\", \"sep\": [\"[SEP]\", 102], "
        + "\"cls\": [\"[CLS]\", 101], \"trim_offsets\": true, \"add_prefix_space\": false}").getAsJsonObject();
  }

  /** Replaces the post-processor of a {@code tokenizer.json} (null: none, so no pair template). */
  public static void setPostProcessor(Path tokenizerJson, JsonObject postProcessor) throws IOException {
    editJson(tokenizerJson, json -> json.add("post_processor", postProcessor == null ? JsonNull.INSTANCE : postProcessor));
  }

  /** Rewrites a JSON file in place (a checkpoint's config.json, a tokenizer.json). */
  public static void editJson(Path file, Consumer<JsonObject> edit) throws IOException {
    JsonObject json = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    edit.accept(json);
    Files.writeString(file, new GsonBuilder().setPrettyPrinting().create().toJson(json));
  }

  /** The bundled encoder the head fixtures sit on: the 6-layer one, to keep tests quick. */
  public static final String SMALL_ENCODER = "builtin:all-minilm-l6-v2";

  /**
   * A head with seeded random weights on a real bundled encoder, written the way {@code train}
   * writes heads: scores spread over (0, 1) so thresholds and flags have something to decide.
   */
  public static Path headOnBundledEncoder(Path dir, List<String> labels, long seed) {
    Random random = new Random(seed);
    int hidden = 384;
    float[][] weight = new float[labels.size()][hidden];
    float[] bias = new float[labels.size()];
    for (int l = 0; l < labels.size(); l++) {
      for (int d = 0; d < hidden; d++) {
        weight[l][d] = (float) (random.nextGaussian() * 40 / Math.sqrt(hidden));
      }
      bias[l] = (float) random.nextGaussian() * 0.5f;
    }
    return dev.winnow.runtime.checkpoint.HeadCheckpointWriter.write(
        dir, SMALL_ENCODER, new dev.winnow.runtime.checkpoint.LinearHead(labels, weight, bias), (com.google.gson.JsonObject) null);
  }

  private static int vocabSize() {
    return 30522;
  }
}
