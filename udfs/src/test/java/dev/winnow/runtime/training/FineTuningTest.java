package dev.winnow.runtime.training;

import dev.winnow.runtime.checkpoint.TrainedFacts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import dev.winnow.runtime.InferenceOptions;
import dev.winnow.runtime.Models;
import dev.winnow.runtime.TextClassifier;
import dev.winnow.runtime.TextScore;
import dev.winnow.runtime.nn.LayerRole;
import dev.winnow.runtime.testing.CheckpointFixtures;
import dev.winnow.runtime.text.TextTokenizer;
import dev.winnow.runtime.text.TokenizedText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fine-tuning on a tiny random BERT: adapters start at the base model, merge exactly enough,
 * save and load back, learn a separable set, and reproduce bit for bit.
 */
class FineTuningTest {

  static final List<String> LABELS = List.of("bad", "rude");
  static final LoraSpec LORA = new LoraSpec(4, 8f, 0f, EnumSet.allOf(LayerRole.class));

  @TempDir
  static Path dir;
  static Path base;

  @BeforeAll
  static void writeBase() {
    base = CheckpointFixtures.sequenceClassifier(dir.resolve("base"), CheckpointFixtures.Architecture.BERT,
        List.of("x"), "multi_label_classification", 7);
  }

  static FineTuneOptions options(int epochs, float rate) {
    return new FineTuneOptions(epochs, 0, rate, 3e-2f, 0.01f, 0.1f, 1f, 256, 8, 10f, 11L, 3600);
  }

  static TrainableClassifier open(FineTuneMethod method) {
    return FineTuning.open(base.toString(), Device.cpu(), method, LORA, LABELS, TrainingPrecision.FP32, 0f, 3L);
  }

  /** "bad" texts use one set of words, the others another; "rude" is unknown on every third row. */
  static List<TrainingExample> separable(TextTokenizer tokenizer, int rows, long seed) {
    String[] badWords = {"poison", "attack", "weapon", "bomb", "steal"};
    String[] goodWords = {"garden", "flower", "music", "bread", "river"};
    Random random = new Random(seed);
    List<TrainingExample> out = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      boolean bad = i % 2 == 0;
      String[] words = bad ? badWords : goodWords;
      StringBuilder text = new StringBuilder();
      for (int w = 0; w < 3 + random.nextInt(5); w++) {
        text.append(words[random.nextInt(words.length)]).append(' ');
      }
      TokenizedText tokens = tokenizer.encode(text.toString().trim());
      float rude = i % 3 == 0 ? Float.NaN : (bad ? 1f : 0f);
      out.add(new TrainingExample(tokens.ids(), tokens.typeIds(), new float[] {bad ? 1f : 0f, rude}));
    }
    return out;
  }

  static double meanAveragePrecision(float[][] scores, List<TrainingExample> rows) {
    double sum = 0;
    for (int l = 0; l < LABELS.size(); l++) {
      List<float[]> known = new ArrayList<>();
      for (int r = 0; r < rows.size(); r++) {
        float y = rows.get(r).labels()[l];
        if (!Float.isNaN(y)) {
          known.add(new float[] {scores[r][l], y});
        }
      }
      known.sort((a, b) -> Float.compare(b[0], a[0]));
      double hits = 0;
      double precisionSum = 0;
      for (int i = 0; i < known.size(); i++) {
        if (known.get(i)[1] == 1f) {
          hits++;
          precisionSum += hits / (i + 1);
        }
      }
      sum += precisionSum / Math.max(1, hits);
    }
    return sum / LABELS.size();
  }

  static float maxAbs(float[] values) {
    float max = 0;
    for (float v : values) {
      max = Math.max(max, Math.abs(v));
    }
    return max;
  }

  static float[][] scoreFolder(Path folder, List<String> texts) {
    try (TextClassifier classifier = Models.load(folder.toString(), InferenceOptions.DEFAULTS)) {
      List<TextScore> scores = classifier.classify(texts);
      return scores.stream().map(TextScore::scores).toArray(float[][]::new);
    }
  }

  static List<String> texts() {
    return List.of("poison attack", "garden music bread", "steal the weapon now", "river flower", "bomb");
  }

  static List<TrainingExample> examples(List<String> texts) {
    try (TextTokenizer tokenizer = FineTuning.tokenizer(base.toString())) {
      List<TrainingExample> out = new ArrayList<>();
      for (String text : texts) {
        TokenizedText tokens = tokenizer.encode(text);
        out.add(new TrainingExample(tokens.ids(), tokens.typeIds(), new float[] {0f, 0f}));
      }
      return out;
    }
  }

  static Path save(TrainableClassifier model, String name) throws Exception {
    Path folder = dir.resolve(name);
    Files.createDirectories(folder);
    FineTuning.writeInto(folder, base.toString(), model, LORA, TrainedFacts.of(Map.of(), new JsonObject()));
    return folder;
  }

  @Test
  void loraWithZeroUpProjectionsScoresExactlyAsItsHeadAlone() throws Exception {
    Path lora;
    Path headOnly;
    try (TrainableClassifier model = open(FineTuneMethod.LORA)) {
      lora = save(model, "lora-untrained");
      headOnly = dir.resolve("head-only");
      Files.createDirectories(headOnly);
      ai.djl.ndarray.NDList head = new ai.djl.ndarray.NDList();
      model.exportTensors().stream().filter(t -> t.getName().startsWith("classifier.")).forEach(head::add);
      dev.winnow.runtime.checkpoint.HeadCheckpointWriter.writeInto(headOnly, base.toString(), LABELS, head, null,
          TrainedFacts.of(Map.of(), new JsonObject()));
    }
    float[][] adapted = scoreFolder(lora, texts());
    float[][] plain = scoreFolder(headOnly, texts());
    for (int i = 0; i < adapted.length; i++) {
      assertArrayEquals(plain[i], adapted[i], "B = 0 must leave the base model exactly as it was");
    }
  }

  @Test
  void trainedAdaptersMergedAtLoadScoreAsTheUnmergedTrainingGraph() throws Exception {
    try (TrainableClassifier model = open(FineTuneMethod.LORA);
        TextTokenizer tokenizer = FineTuning.tokenizer(base.toString())) {
      FineTuner tuner = new FineTuner(model, options(2, 5e-2f), line -> {});
      tuner.fit(separable(tokenizer, 32, 1), separable(tokenizer, 12, 2), scores -> 0);
      float[][] unmerged = tuner.predict(examples(texts()));
      Path folder = save(model, "lora-trained");
      float[][] merged = scoreFolder(folder, texts());
      for (int i = 0; i < merged.length; i++) {
        assertArrayEquals(unmerged[i], merged[i], 1e-5f);
      }
      assertTrue(model.snapshot().entrySet().stream().filter(e -> e.getKey().endsWith(".lora_B.weight"))
              .anyMatch(e -> maxAbs(e.getValue()) > 1e-3f),
          "the adapters must have trained, or merging them proves nothing");
      assertArrayEquals(merged[0], scoreFolder(folder, texts())[0], "loading twice must score identically");
    }
  }

  @Test
  void fullFineTuneExportLoadsThroughTheHuggingFaceLoaderWithTheSameScores() throws Exception {
    try (TrainableClassifier model = open(FineTuneMethod.FULL);
        TextTokenizer tokenizer = FineTuning.tokenizer(base.toString())) {
      FineTuner tuner = new FineTuner(model, options(1, 1e-3f), line -> {});
      tuner.fit(separable(tokenizer, 24, 1), separable(tokenizer, 8, 2), scores -> 0);
      float[][] trained = tuner.predict(examples(texts()));
      Path folder = save(model, "full");
      float[][] loaded = scoreFolder(folder, texts());
      for (int i = 0; i < loaded.length; i++) {
        assertArrayEquals(trained[i], loaded[i], 1e-5f);
      }
      keepForTransformersCheck(folder, loaded);
    }
  }

  /**
   * Leaves the export and Winnow's scores in target/hf-compat for tools/hf-compat/check_hf_load.py,
   * which loads them with Python's transformers (where it is installed; never in CI).
   */
  private static void keepForTransformersCheck(Path folder, float[][] scores) throws Exception {
    Path kept = Path.of("target", "hf-compat");
    Files.createDirectories(kept.resolve("full"));
    try (var files = Files.list(folder)) {
      for (Path file : files.toList()) {
        Files.copy(file, kept.resolve("full").resolve(file.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
    JsonObject expected = new JsonObject();
    for (int i = 0; i < scores.length; i++) {
      com.google.gson.JsonArray row = new com.google.gson.JsonArray();
      for (float v : scores[i]) {
        row.add(v);
      }
      expected.add(texts().get(i), row);
    }
    Files.writeString(kept.resolve("expected.json"), expected.toString());
  }

  @Test
  void everyMethodAndPrecisionLearnsASeparableSetToPerfectValidationPrecision() {
    for (FineTuneMethod method : FineTuneMethod.values()) {
      for (TrainingPrecision precision : TrainingPrecision.values()) {
        try (TrainableClassifier model = FineTuning.open(base.toString(), Device.cpu(), method, LORA, LABELS,
                precision, 0f, 3L);
            TextTokenizer tokenizer = FineTuning.tokenizer(base.toString())) {
          List<TrainingExample> validation = separable(tokenizer, 16, 2);
          float rate = method == FineTuneMethod.LORA ? (precision == TrainingPrecision.BF16 ? 1e-2f : 3e-2f) : 3e-3f;
          FineTuner tuner = new FineTuner(model, options(8, rate), l -> {});
          FineTuner.Result result = tuner.fit(separable(tokenizer, 48, 1), validation,
              scores -> meanAveragePrecision(scores, validation));
          List<FineTuner.Epoch> epochs = result.epochs();
          String what = method + " in " + precision;
          assertTrue(epochs.get(epochs.size() - 1).trainLoss() < epochs.get(0).trainLoss() * 0.7,
              what + ": training loss must fall, was " + epochs);
          assertEquals(1.0, result.bestMetric(), 1e-9, what + ": validation AUPRC");
        }
      }
    }
  }

  @Test
  void trainingStepsLeaveNoTensorsBehind() {
    for (TrainingPrecision precision : TrainingPrecision.values()) {
      long[] alive = new long[2];
      int[] epochs = {1, 3};
      for (int run = 0; run < 2; run++) {
        try (TrainableClassifier model = FineTuning.open(base.toString(), Device.cpu(), FineTuneMethod.LORA, LORA,
                LABELS, precision, 0.1f, 3L);
            TextTokenizer tokenizer = FineTuning.tokenizer(base.toString())) {
          List<TrainingExample> validation = separable(tokenizer, 8, 2);
          new FineTuner(model, options(epochs[run], 1e-2f), l -> {})
              .fit(separable(tokenizer, 24, 1), validation, scores -> 0);
          alive[run] = model.liveTensors();
        }
      }
      assertEquals(alive[0], alive[1], precision + ": tensors alive after 1 and after 3 epochs "
          + "(weights, adapters and optimizer state only: each step must free what it made)");
    }
  }

  @Test
  void sameSeedAndDataGiveTheSameWeightsBitForBit() {
    List<Map<String, float[]>> runs = new ArrayList<>();
    for (int run = 0; run < 2; run++) {
      try (TrainableClassifier model = FineTuning.open(base.toString(), Device.cpu(), FineTuneMethod.LORA,
              new LoraSpec(4, 8f, 0.1f, EnumSet.of(LayerRole.QUERY, LayerRole.VALUE)), LABELS,
              TrainingPrecision.FP32, 0.1f, 3L);
          TextTokenizer tokenizer = FineTuning.tokenizer(base.toString())) {
        new FineTuner(model, options(2, 1e-2f), l -> {})
            .fit(separable(tokenizer, 24, 1), separable(tokenizer, 8, 2), scores -> 0);
        runs.add(model.snapshot());
      }
    }
    assertEquals(runs.get(0).keySet(), runs.get(1).keySet());
    boolean anyNonZeroUp = false;
    for (String name : runs.get(0).keySet()) {
      assertArrayEquals(runs.get(0).get(name), runs.get(1).get(name), name + " differs between two seeded runs");
      if (name.endsWith(".lora_B.weight")) {
        for (float v : runs.get(0).get(name)) {
          anyNonZeroUp |= v != 0f;
        }
      }
    }
    assertTrue(anyNonZeroUp, "the adapters must have trained");
  }

  @Test
  void theScheduleWarmsUpLinearlyThenDecaysToZero() {
    LinearWarmupDecay schedule = new LinearWarmupDecay(1f, 10, 110);
    assertEquals(0.1f, schedule.getNewValue(1), 1e-6);
    assertEquals(1f, schedule.getNewValue(10), 1e-6);
    assertEquals(0.5f, schedule.getNewValue(61), 1e-6);
    assertEquals(0.01f, schedule.getNewValue(110), 1e-6);
    assertNotEquals(schedule.getNewValue(20), schedule.getNewValue(30));
  }
}
