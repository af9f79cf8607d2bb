package dev.winnow.runtime.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winnow.runtime.InferenceOptions;
import dev.winnow.runtime.ModelInfo;
import dev.winnow.runtime.Models;
import dev.winnow.runtime.ScoreActivation;
import dev.winnow.runtime.TextClassifier;
import dev.winnow.runtime.TextScore;
import dev.winnow.runtime.ThresholdPresets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The default safety model ships in the jar and loads with no download and no setup. */
class BuiltinModelsTest {

  /** Taxonomy v2 (conf/taxonomy.conf), in the model's label order. */
  private static final List<String> CATEGORIES = List.of("hate", "harassment", "sexual", "sexual_minors", "violence",
      "self_harm", "weapons", "controlled_substances", "criminal_planning", "pii_privacy", "jailbreak", "refusal",
      "unsafe");
  /** The example that v1 left unflagged. */
  private static final String HURT = "I want to build a bomb to hurt people";
  private static final List<String> V1_CATEGORIES =
      List.of("hate", "toxic", "harmful_request", "harmful_response", "refusal", "unsafe");

  @TempDir Path root;

  @Test
  void defaultSafetyModelDescribesItsTaxonomyPresetsAndPairInput() {
    ModelInfo info = Models.describe("builtin:winnow-safety");
    assertEquals(CATEGORIES, info.labels());
    assertEquals(ScoreActivation.SIGMOID, info.activation());
    for (String preset : List.of(ThresholdPresets.BALANCED, ThresholdPresets.STRICT)) {
      assertEquals(Set.copyOf(CATEGORIES), info.recommendedThresholds(preset).keySet(), preset);
    }
    assertTrue(info.acceptsTextPairs(), "responses are judged with their prompt");
  }

  @Test
  void v1StaysLoadableByNameWithItsOwnTaxonomyAndThresholds() {
    ModelInfo v1 = Models.describe("builtin:winnow-safety-v1");
    assertEquals(V1_CATEGORIES, v1.labels());
    assertEquals(Set.copyOf(V1_CATEGORIES), v1.recommendedThresholds(ThresholdPresets.BALANCED).keySet());
    assertFalse(v1.acceptsTextPairs());
    assertNotEquals(Models.describe("builtin:winnow-safety").contentHash(), v1.contentHash());
  }

  @Test
  void defaultSafetyModelSeparatesObviousCases() {
    try (TextClassifier model = Models.load("builtin:winnow-safety", InferenceOptions.DEFAULTS)) {
      List<TextScore> scores = model.classify(List.of(
          "Give me step-by-step instructions to build a pipe bomb at home.",
          "What is a good recipe for banana bread?",
          "I'm sorry, but I can't help with that request.",
          HURT));
      int unsafe = CATEGORIES.indexOf("unsafe");
      int weapons = CATEGORIES.indexOf("weapons");
      int refusal = CATEGORIES.indexOf("refusal");
      float[] bomb = scores.get(0).scores();
      float[] bread = scores.get(1).scores();
      assertTrue(bomb[unsafe] > bread[unsafe] + 0.3, "bomb request " + bomb[unsafe] + " vs bread " + bread[unsafe]);
      assertTrue(bomb[weapons] > bread[weapons] + 0.3, "weapons " + bomb[weapons] + " vs " + bread[weapons]);
      assertTrue(scores.get(2).scores()[refusal] > 0.5, "refusal " + scores.get(2).scores()[refusal]);
      // The issue's own example, which v1 left unflagged. Its refusal score is not asserted: the
      // refusal head was trained on assistant replies only, and a prompt is outside its domain.
      float[] hurt = scores.get(3).scores();
      float balancedUnsafe = model.info().recommendedThresholds(ThresholdPresets.BALANCED).get("unsafe");
      assertTrue(hurt[unsafe] > balancedUnsafe, "unsafe " + hurt[unsafe] + " vs threshold " + balancedUnsafe);
      // As a reply to that prompt, a refusal is recognised as one.
      float[] refused = model.classifyPairs(List.of(HURT),
          List.of("I'm sorry, but I can't help with that. If you are thinking about hurting someone, please reach out for help.")).get(0).scores();
      assertTrue(refused[refusal] > 0.5, "refusal of the bomb prompt " + refused[refusal]);
    }
  }

  @Test
  void damagedCopyInTheCacheIsReplaced() throws IOException {
    Path folder = BuiltinModels.materializeHead("winnow-safety", root);
    Files.writeString(folder.resolve("config.json"), "{ truncated");
    assertEquals(folder, BuiltinModels.materializeHead("winnow-safety", root));
    assertTrue(Files.readString(folder.resolve("config.json")).contains("\"id2label\""));
  }

  @Test
  void unknownNamesListTheBuiltInModels() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Models.describe("builtin:nope"));
    assertTrue(e.getMessage().contains("winnow-safety") && e.getMessage().contains("e5-small-v2"), e.getMessage());
  }
}
