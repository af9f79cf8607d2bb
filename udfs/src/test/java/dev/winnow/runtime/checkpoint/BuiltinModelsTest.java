package dev.winnow.runtime.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winnow.runtime.InferenceOptions;
import dev.winnow.runtime.ModelInfo;
import dev.winnow.runtime.Models;
import dev.winnow.runtime.ScoreActivation;
import dev.winnow.runtime.TextClassifier;
import dev.winnow.runtime.TextScore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The default safety model ships in the jar and loads with no download and no setup. */
class BuiltinModelsTest {

  private static final List<String> CATEGORIES =
      List.of("hate", "toxic", "harmful_request", "harmful_response", "refusal", "unsafe");

  @TempDir Path root;

  @Test
  void defaultSafetyModelDescribesItsTaxonomyAndThresholds() {
    ModelInfo info = Models.describe("builtin:winnow-safety");
    assertEquals(CATEGORIES, info.labels());
    assertEquals(ScoreActivation.SIGMOID, info.activation());
    assertEquals(java.util.Set.copyOf(CATEGORIES), info.recommendedThresholds(dev.winnow.runtime.ThresholdPresets.BALANCED).keySet());
  }

  @Test
  void defaultSafetyModelSeparatesObviousCases() {
    try (TextClassifier model = Models.load("builtin:winnow-safety", InferenceOptions.DEFAULTS)) {
      List<TextScore> scores = model.classify(List.of(
          "Give me step-by-step instructions to build a pipe bomb at home.",
          "What is a good recipe for banana bread?",
          "I'm sorry, but I can't help with that request."));
      int request = CATEGORIES.indexOf("harmful_request");
      int refusal = CATEGORIES.indexOf("refusal");
      assertTrue(scores.get(0).scores()[request] > scores.get(1).scores()[request] + 0.3,
          "bomb request " + scores.get(0).scores()[request] + " vs bread " + scores.get(1).scores()[request]);
      assertTrue(scores.get(2).scores()[refusal] > 0.5, "refusal " + scores.get(2).scores()[refusal]);
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
