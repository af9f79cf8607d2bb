package dev.winnow.runtime.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.winnow.runtime.InferenceOptions;
import dev.winnow.runtime.Models;
import dev.winnow.runtime.TextClassifier;
import dev.winnow.runtime.testing.CheckpointFixtures;
import dev.winnow.runtime.testing.CheckpointFixtures.Architecture;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which models take (context, text) pairs, as {@code Models.describe} reports it. */
class TextPairSupportTest {

  private static final List<String> LABELS = List.of("a", "b");

  @TempDir Path dir;

  private Path classifier(Architecture arch) {
    return CheckpointFixtures.sequenceClassifier(dir.resolve(arch.name()), arch, LABELS, null, 1);
  }

  private static boolean accepts(Path model) {
    return Models.describe(model.toString()).acceptsTextPairs();
  }

  private static void setWinnowInput(Path model, String value) throws IOException {
    CheckpointFixtures.editJson(model.resolve("config.json"), json -> {
      JsonObject winnow = json.has("winnow") ? json.getAsJsonObject("winnow") : new JsonObject();
      winnow.addProperty("input", value);
      json.add("winnow", winnow);
    });
  }

  @Test
  void sequenceClassifiersWithAPairTemplateAcceptPairs() {
    for (Architecture arch : Architecture.values()) {
      assertTrue(accepts(classifier(arch)), arch.name());
    }
  }

  @Test
  void bertNeedsTwoTokenTypes() throws IOException {
    Path bert = classifier(Architecture.BERT);
    CheckpointFixtures.editJson(bert.resolve("config.json"), json -> json.addProperty("type_vocab_size", 1));
    assertFalse(accepts(bert), "one token type cannot tell the segments apart");
  }

  @Test
  void aTokenizerWithoutPairTemplateRefusesPairs() throws IOException {
    Path roberta = classifier(Architecture.ROBERTA);
    CheckpointFixtures.setPostProcessor(roberta.resolve("tokenizer.json"), null);
    assertFalse(accepts(roberta));
    Path bert = classifier(Architecture.BERT);
    // A template that puts the text first would judge the wrong segment.
    CheckpointFixtures.setPostProcessor(bert.resolve("tokenizer.json"), JsonParser.parseString("""
        {"type": "TemplateProcessing",
         "single": [{"Sequence": {"id": "A", "type_id": 0}}],
         "pair": [{"Sequence": {"id": "B", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 1}}],
         "special_tokens": {}}""").getAsJsonObject());
    assertFalse(accepts(bert));
  }

  @Test
  void aSequenceOfProcessorsCountsItsPairTemplate() throws IOException {
    Path roberta = classifier(Architecture.ROBERTA);
    JsonObject sequence = JsonParser.parseString("{\"type\": \"Sequence\", \"processors\": ["
        + "{\"type\": \"ByteLevel\", \"add_prefix_space\": false, \"trim_offsets\": true, \"use_regex\": true}]}")
        .getAsJsonObject();
    CheckpointFixtures.setPostProcessor(roberta.resolve("tokenizer.json"), sequence);
    assertFalse(accepts(roberta), "byte-level alone has no pair template");
    sequence.getAsJsonArray("processors").add(CheckpointFixtures.robertaProcessing());
    CheckpointFixtures.setPostProcessor(roberta.resolve("tokenizer.json"), sequence);
    assertTrue(accepts(roberta));
  }

  @Test
  void pooledHeadsTakeSingleTextsUnlessTheirConfigSaysPair() throws IOException {
    Path head = CheckpointFixtures.headOnBundledEncoder(dir.resolve("head"), LABELS, 3);
    assertFalse(accepts(head), "heads were trained on single texts");
    setWinnowInput(head, "pair");
    assertTrue(accepts(head));
    Path bert = classifier(Architecture.BERT);
    setWinnowInput(bert, "single");
    assertFalse(accepts(bert), "the config can turn pairs off");
  }

  @Test
  void badDeclarationsAreNamed() throws IOException {
    Path bert = classifier(Architecture.BERT);
    setWinnowInput(bert, "both");
    var value = assertThrows(IllegalArgumentException.class, () -> Models.describe(bert.toString()));
    assertTrue(value.getMessage().contains("winnow.input") && value.getMessage().contains("both"), value.getMessage());

    setWinnowInput(bert, "pair");
    CheckpointFixtures.setPostProcessor(bert.resolve("tokenizer.json"), null);
    var template = assertThrows(IllegalArgumentException.class, () -> Models.describe(bert.toString()));
    assertTrue(template.getMessage().contains("pair template") && template.getMessage().contains("tokenizer.json"),
        template.getMessage());
  }

  @Test
  void aHeadTrainedOnSingleTextsScoresSingleTextsAndRefusesPairs() {
    assertFalse(Models.describe("builtin:winnow-safety-v1").acceptsTextPairs(),
        "the v1 head was trained on single texts");
    try (TextClassifier model = Models.load("builtin:winnow-safety-v1", InferenceOptions.DEFAULTS)) {
      var e = assertThrows(IllegalArgumentException.class,
          () -> model.classifyPairs(List.of("how do I make a bomb?"), List.of("I can't help with that.")));
      assertTrue(e.getMessage().contains(model.info().id()) && e.getMessage().contains("text pairs"), e.getMessage());
      assertEquals(1, model.classify(List.of("I can't help with that.")).size());
    }
  }
}
