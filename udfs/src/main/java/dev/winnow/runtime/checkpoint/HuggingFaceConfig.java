package dev.winnow.runtime.checkpoint;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.winnow.runtime.ScoreActivation;
import dev.winnow.runtime.ThresholdPresets;
import dev.winnow.runtime.WinnowErrors;
import dev.winnow.runtime.nn.EncoderFamily;
import dev.winnow.runtime.nn.EncoderSpec;
import dev.winnow.runtime.nn.HiddenActivation;
import dev.winnow.runtime.nn.Pooling;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The parts of a Hugging Face {@code config.json} Winnow needs, plus Winnow's own {@code winnow}
 * section for trained heads ({@code pooling}, {@code base_encoder}) and for what a model takes
 * ({@code input}: {@code pair} or {@code single}).
 *
 * @param typeVocabSize token types the embeddings know ({@code type_vocab_size}); BERT needs 2 to
 *     tell a pair's segments apart
 * @param loraScale alpha / rank of {@code winnow.lora} when the folder holds adapters, else null
 * @param declaredInput {@code winnow.input} ({@value #PAIR_INPUT} or {@value #SINGLE_INPUT}), or
 *     null when the config does not say
 */
record HuggingFaceConfig(
    Path file,
    String architecture,
    EncoderSpec encoder,
    int typeVocabSize,
    List<String> labels,
    ScoreActivation activation,
    Pooling pooling,
    String baseEncoder,
    String baseEncoderSha256,
    ThresholdPresets thresholdPresets,
    String declaredInput,
    Float loraScale) {

  static final String PAIR_INPUT = "pair";
  static final String SINGLE_INPUT = "single";

  /** Hugging Face's end-to-end sequence classifiers, whose heads Winnow implements. */
  static final List<String> SEQUENCE_CLASSIFIERS = List.of("BertForSequenceClassification",
      "RobertaForSequenceClassification", "XLMRobertaForSequenceClassification",
      "DistilBertForSequenceClassification");

  static HuggingFaceConfig read(Path file) {
    JsonObject json;
    try {
      json = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
    } catch (IOException | RuntimeException e) {
      throw WinnowErrors.badModel("cannot parse " + file + ": " + e.getMessage(), e);
    }
    Reader r = new Reader(file, json);
    String modelType = r.string("model_type", null);
    if (modelType == null) {
      throw WinnowErrors.badModel(file + " has no model_type");
    }
    EncoderFamily family = switch (modelType) {
      case "bert" -> EncoderFamily.BERT;
      case "roberta", "xlm-roberta" -> EncoderFamily.ROBERTA;
      case "distilbert" -> EncoderFamily.DISTILBERT;
      default -> throw WinnowErrors.badModel(
          file + ": model_type '" + modelType + "' is not supported (bert, roberta, xlm-roberta, distilbert)");
    };
    EncoderSpec spec = family == EncoderFamily.DISTILBERT
        ? new EncoderSpec(family, r.integer("dim", 768), r.integer("n_layers", 6), r.integer("n_heads", 12),
            r.integer("hidden_dim", 3072), 1e-12f, HiddenActivation.fromName(r.string("activation", "gelu")),
            r.integer("max_position_embeddings", 512), r.integer("pad_token_id", 0))
        : new EncoderSpec(family, r.integer("hidden_size", 768), r.integer("num_hidden_layers", 12),
            r.integer("num_attention_heads", 12), r.integer("intermediate_size", 3072),
            (float) r.number("layer_norm_eps", 1e-12), HiddenActivation.fromName(r.string("hidden_act", "gelu")),
            r.integer("max_position_embeddings", 512), r.integer("pad_token_id", family == EncoderFamily.ROBERTA ? 1 : 0));
    List<String> labels = labels(r, json);
    JsonObject winnow = json.has("winnow") ? json.getAsJsonObject("winnow") : new JsonObject();
    Reader w = new Reader(file, winnow);
    String pooling = w.string("pooling", null);
    String input = w.string("input", null);
    if (input != null && !input.equals(PAIR_INPUT) && !input.equals(SINGLE_INPUT)) {
      throw WinnowErrors.badModel(file + ": winnow.input must be '" + PAIR_INPUT + "' or '"
          + SINGLE_INPUT + "', not '" + input + "'");
    }
    return new HuggingFaceConfig(
        file,
        architecture(r, json),
        spec,
        family == EncoderFamily.DISTILBERT ? 0 : r.integer("type_vocab_size", family == EncoderFamily.ROBERTA ? 1 : 2),
        labels,
        labels.isEmpty() ? ScoreActivation.SIGMOID
            : ScoreActivation.fromProblemType(r.string("problem_type", null), labels.size()),
        pooling == null ? null : Pooling.fromName(pooling),
        w.string("base_encoder", null),
        w.string("base_encoder_sha256", null),
        thresholdPresets(file, winnow),
        input,
        loraScale(file, winnow));
  }

  /** alpha / rank of {@code winnow.lora}, the factor adapters are merged with; null without adapters. */
  private static Float loraScale(Path file, JsonObject winnow) {
    if (!winnow.has("lora")) {
      return null;
    }
    Reader lora = new Reader(file, winnow.getAsJsonObject("lora"));
    double rank = lora.number("rank", 0);
    double alpha = lora.number("alpha", 0);
    if (!(rank >= 1) || !(alpha > 0)) {
      throw new IllegalArgumentException(file + ": winnow.lora needs rank >= 1 and alpha > 0, got rank "
          + rank + ", alpha " + alpha);
    }
    return (float) (alpha / rank);
  }

  /** Whether the architecture is one of {@link #SEQUENCE_CLASSIFIERS} (not a pooled head). */
  boolean sequenceClassifier() {
    return architecture != null && SEQUENCE_CLASSIFIERS.contains(architecture);
  }

  /**
   * {@code winnow.thresholds} (the {@value ThresholdPresets#BALANCED} preset, which older folders
   * carry alone) and {@code winnow.threshold_presets} (name to label to threshold).
   */
  private static ThresholdPresets thresholdPresets(Path file, JsonObject winnow) {
    Map<String, Map<String, Float>> presets = new LinkedHashMap<>();
    if (winnow.has("thresholds")) {
      presets.put(ThresholdPresets.BALANCED, thresholdMap(file, "winnow.thresholds", winnow.get("thresholds")));
    }
    if (winnow.has("threshold_presets")) {
      for (Map.Entry<String, JsonElement> e : object(file, "winnow.threshold_presets", winnow.get("threshold_presets")).entrySet()) {
        presets.put(e.getKey(), thresholdMap(file, "winnow.threshold_presets." + e.getKey(), e.getValue()));
      }
    }
    return new ThresholdPresets(presets);
  }

  private static Map<String, Float> thresholdMap(Path file, String key, JsonElement element) {
    Map<String, Float> result = new TreeMap<>();
    for (Map.Entry<String, JsonElement> e : object(file, key, element).entrySet()) {
      try {
        result.put(e.getKey(), e.getValue().getAsFloat());
      } catch (RuntimeException ex) {
        throw WinnowErrors.badModel(file + ": " + key + "." + e.getKey() + " must be a number");
      }
    }
    return result;
  }

  private static JsonObject object(Path file, String key, JsonElement element) {
    if (!element.isJsonObject()) {
      throw WinnowErrors.badModel(file + ": " + key + " must be an object of label to threshold");
    }
    return element.getAsJsonObject();
  }

  private static String architecture(Reader r, JsonObject json) {
    if (!json.has("architectures") || json.getAsJsonArray("architectures").isEmpty()) {
      return null;
    }
    return json.getAsJsonArray("architectures").get(0).getAsString();
  }

  private static List<String> labels(Reader r, JsonObject json) {
    if (!json.has("id2label")) {
      return List.of();
    }
    Map<Integer, String> byId = new TreeMap<>();
    for (Map.Entry<String, JsonElement> e : json.getAsJsonObject("id2label").entrySet()) {
      try {
        byId.put(Integer.parseInt(e.getKey()), e.getValue().getAsString());
      } catch (NumberFormatException ex) {
        throw WinnowErrors.badModel(r.file + ": id2label key '" + e.getKey() + "' is not an integer");
      }
    }
    List<String> labels = new ArrayList<>(byId.values());
    for (int i = 0; i < labels.size(); i++) {
      if (!byId.containsKey(i)) {
        throw WinnowErrors.badModel(r.file + ": id2label has no id " + i + " (ids must be 0.." + (labels.size() - 1) + ")");
      }
    }
    return labels;
  }

  /** Typed reads that name the file and key when a value has the wrong type. */
  private record Reader(Path file, JsonObject json) {

    String string(String key, String fallback) {
      JsonElement e = json.get(key);
      return e == null || e.isJsonNull() ? fallback : e.getAsString();
    }

    int integer(String key, int fallback) {
      return (int) number(key, fallback);
    }

    double number(String key, double fallback) {
      JsonElement e = json.get(key);
      if (e == null || e.isJsonNull()) {
        return fallback;
      }
      try {
        return e.getAsDouble();
      } catch (RuntimeException ex) {
        throw WinnowErrors.badModel(file + ": '" + key + "' must be a number, not " + e);
      }
    }
  }
}
