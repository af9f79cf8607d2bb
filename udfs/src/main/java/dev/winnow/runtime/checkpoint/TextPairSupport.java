package dev.winnow.runtime.checkpoint;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.stream.JsonReader;
import dev.winnow.runtime.WinnowErrors;
import dev.winnow.runtime.nn.EncoderFamily;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Decides whether a model takes (context, text) pairs: the one place that rule lives, read from
 * the model's config and its tokenizer's post-processor when the model is described.
 *
 * <p>A model accepts pairs when its tokenizer has a pair template that puts the context (sequence
 * A) before the text (sequence B), and either its config says so ({@code "winnow": {"input":
 * "pair"}}) or it is an end-to-end sequence classifier able to tell the segments apart: BERT with
 * {@code type_vocab_size >= 2}, RoBERTa or DistilBERT (which separate them by tokens alone).
 * Pooled heads over sentence encoders were trained on single texts and accept pairs only when
 * declared; {@code "input": "single"} turns pairs off for any model.
 */
final class TextPairSupport {

  private TextPairSupport() {}

  /**
   * @param endToEnd whether the checkpoint is a Hugging Face sequence classifier Winnow runs
   *     itself (TorchScript exports and pooled heads are not: only their config can say)
   */
  static boolean accepts(HuggingFaceConfig config, boolean endToEnd, Path tokenizerJson) {
    if (HuggingFaceConfig.SINGLE_INPUT.equals(config.declaredInput())) {
      return false;
    }
    boolean declared = HuggingFaceConfig.PAIR_INPUT.equals(config.declaredInput());
    if (!declared && !(endToEnd && segmentsDistinguishable(config))) {
      return false;
    }
    boolean template = hasPairTemplate(tokenizerJson);
    if (declared && !template) {
      throw WinnowErrors.badModel(config.file() + " declares winnow.input 'pair' but " + tokenizerJson
          + " has no pair template (post_processor) putting sequence A before sequence B");
    }
    return template;
  }

  private static boolean segmentsDistinguishable(HuggingFaceConfig config) {
    return config.encoder().family() != EncoderFamily.BERT || config.typeVocabSize() >= 2;
  }

  /** Whether the tokenizer's post-processor lays out pairs, context (A) first. */
  static boolean hasPairTemplate(Path tokenizerJson) {
    return isPairTemplate(postProcessor(tokenizerJson));
  }

  private static boolean isPairTemplate(JsonElement processor) {
    if (processor == null || !processor.isJsonObject()) {
      return false;
    }
    JsonObject p = processor.getAsJsonObject();
    String type = p.has("type") ? p.get("type").getAsString() : "";
    return switch (type) {
      case "BertProcessing", "RobertaProcessing" -> true;
      case "TemplateProcessing" -> p.has("pair") && contextFirst(p.getAsJsonArray("pair"));
      case "Sequence" -> p.has("processors")
          && p.getAsJsonArray("processors").asList().stream().anyMatch(TextPairSupport::isPairTemplate);
      default -> false;
    };
  }

  private static boolean contextFirst(JsonArray template) {
    int a = -1;
    int b = -1;
    for (int i = 0; i < template.size(); i++) {
      JsonObject piece = template.get(i).getAsJsonObject();
      if (piece.has("Sequence")) {
        String id = piece.getAsJsonObject("Sequence").get("id").getAsString();
        if (id.equals("A") && a < 0) {
          a = i;
        } else if (id.equals("B") && b < 0) {
          b = i;
        }
      }
    }
    return a >= 0 && b > a;
  }

  /** Streams to the one key needed: tokenizer files run to megabytes of vocabulary. */
  private static JsonElement postProcessor(Path tokenizerJson) {
    try (Reader in = Files.newBufferedReader(tokenizerJson, StandardCharsets.UTF_8);
        JsonReader reader = new JsonReader(in)) {
      reader.beginObject();
      while (reader.hasNext()) {
        if (reader.nextName().equals("post_processor")) {
          return JsonParser.parseReader(reader);
        }
        reader.skipValue();
      }
      return null;
    } catch (IOException | RuntimeException e) {
      throw WinnowErrors.badModel("cannot read post_processor of " + tokenizerJson + ": " + e.getMessage(), e);
    }
  }
}
