package dev.winnow.runtime.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winnow.runtime.InferenceOptions;
import dev.winnow.runtime.Models;
import dev.winnow.runtime.TextClassifier;
import dev.winnow.runtime.TextScore;
import dev.winnow.runtime.nn.TorchScriptArchive;
import dev.winnow.runtime.testing.CheckpointFixtures;
import dev.winnow.runtime.text.TextTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loads a TorchScript export through DJL. No Python is available to trace a real model, so the
 * test writes the archive the way torch.jit.save lays it out ({@link TorchScriptArchive}), with a
 * parameter-free module whose
 * logits are simple functions of the inputs: mean real token id, and real token count.
 */
class TorchScriptModelTest {

  private static final String CODE = """
      class Model(Module):
        __parameters__ = []
        __buffers__ = []
        training : bool
        def forward(self: __torch__.Model,
          input_ids: Tensor,
          attention_mask: Tensor) -> Tensor:
          ids = torch.to(input_ids, 6)
          mask = torch.to(attention_mask, 6)
          count = torch.sum(mask, [1])
          mean_id = torch.div(torch.sum(torch.mul(ids, mask), [1]), count)
          first = torch.sub(torch.div(mean_id, 10000.), 1.)
          second = torch.sub(torch.div(count, 10.), 1.)
          return torch.stack([first, second], 1)
      """;

  @TempDir Path dir;

  private Path exportFolder(Map<String, Object> winnowSection) throws IOException {
    Path folder = Files.createDirectories(dir.resolve("ts"));
    writeArchive(folder.resolve("model.pt"));
    CheckpointFixtures.copyTokenizer(folder.resolve("tokenizer.json"));
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("model_type", "bert");
    config.put("max_position_embeddings", 512);
    config.put("id2label", Map.of("0", "mean_id", "1", "length"));
    config.put("problem_type", "multi_label_classification");
    if (!winnowSection.isEmpty()) {
      config.put("winnow", winnowSection);
    }
    CheckpointFixtures.writeJson(folder.resolve("config.json"), config);
    return folder;
  }

  @Test
  void scoresComeFromTheTracedForward() throws IOException {
    Path folder = exportFolder(Map.of());
    List<String> texts = List.of("short", "a somewhat longer text with more tokens in it");
    try (TextClassifier classifier = Models.load(folder.toString(), InferenceOptions.DEFAULTS);
        TextTokenizer tokenizer = TextTokenizer.fromFile(folder.resolve("tokenizer.json"))) {
      List<TextScore> scores = classifier.classify(texts);
      for (int i = 0; i < texts.size(); i++) {
        long[] ids = tokenizer.encode(texts.get(i)).ids();
        double mean = java.util.Arrays.stream(ids).average().orElseThrow();
        assertEquals(sigmoid(mean / 10000 - 1), scores.get(i).scores()[0], 1e-5);
        assertEquals(sigmoid(ids.length / 10.0 - 1), scores.get(i).scores()[1], 1e-5);
      }
      assertFalse(classifier.info().acceptsTextPairs(), "an export takes pairs only when its config says so");
    }
  }

  @Test
  void exportsDeclaringPairsGetThePairTemplatesTokens() throws IOException {
    Path folder = exportFolder(Map.of("input", "pair"));
    try (TextClassifier classifier = Models.load(folder.toString(), InferenceOptions.DEFAULTS)) {
      assertTrue(classifier.info().acceptsTextPairs());
      TextScore score = classifier.classifyPairs(List.of("the prompt"), List.of("the response")).get(0);
      // [CLS] the prompt [SEP] the response [SEP]
      assertEquals(7, score.tokens());
      assertEquals(sigmoid(7 / 10.0 - 1), score.scores()[1], 1e-5);
    }
  }

  private static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  private static void writeArchive(Path file) throws IOException {
    Files.write(file, TorchScriptArchive.of("Model", CODE));
  }
}
