package dev.winnow.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.winnow.jobs.config.ConfigError;
import dev.winnow.jobs.measure.BinaryMetrics;
import dev.winnow.runtime.InferenceOptions;
import dev.winnow.runtime.Models;
import dev.winnow.runtime.TextClassifier;
import dev.winnow.runtime.testing.CheckpointFixtures;
import dev.winnow.spark.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code training.method = lora | full} end to end on 48 written rows and a tiny random BERT. */
class FineTuneTrainingTest {

  @TempDir static Path dir;
  private static SparkSession spark;
  private static Path base;

  @BeforeAll
  static void start() throws IOException {
    spark = TestSpark.start("FineTuneTrainingTest");
    base = CheckpointFixtures.sequenceClassifier(dir.resolve("base"), CheckpointFixtures.Architecture.BERT,
        List.of("x"), null, 4);
    String[] bad = {"poison", "attack", "weapon", "bomb", "steal", "threat"};
    String[] good = {"garden", "flower", "music", "bread", "river", "cloud"};
    StringBuilder rows = new StringBuilder();
    for (int i = 0; i < 24; i++) {
      String threat = i % 2 == 0 ? "null" : (i % 4 == 1 ? "1" : "0");
      rows.append(PostsRecipe.row(bad[i % 6] + " " + bad[(i + 1) % 6] + " " + i, "1", threat));
      rows.append(PostsRecipe.row(good[i % 6] + " " + good[(i + 2) % 6] + " " + i, "0", i % 2 == 0 ? "null" : "0"));
    }
    PostsRecipe.write(dir, rows, "tiny-finetune", base, List.of(), 0.35, 5);
  }

  @AfterAll
  static void stop() {
    TestSpark.stop(spark);
  }

  private static TrainConfig config(Path out, String method) {
    return TrainConfig.parse("recipe = \"" + dir.resolve("recipe.conf") + "\"\noutput.path = \"" + out + "\"\n"
        + "training { method = " + method + ", epochs = 3, learning_rate = 0.01, head_learning_rate = 0.03, "
        + "effective_batch = 8, precision = fp32, progress_seconds = 0.01 }");
  }

  @Test
  void loraWritesAdaptersOverTheReferencedBaseThatScoreAfterLoading() throws IOException {
    Path out = dir.resolve("lora");
    TrainConfig config = config(out, "lora");
    List<String> log = new ArrayList<>();
    FineTuneTraining.Result result = FineTuneTraining.run(config, config.examples(), spark, "test", log::add);

    assertEquals(List.of("insult", "threat"), List.copyOf(result.validation().keySet()));
    assertTrue(log.stream().anyMatch(l -> l.startsWith("epoch 1/3  step ")), "progress lines: " + log);
    assertTrue(log.stream().anyMatch(l -> l.startsWith("fine-tune done")), "a final summary: " + log);
    BinaryMetrics threat = result.validation().get("threat");
    long threatKnown = threat.size();
    assertTrue(threatKnown < result.validationRows(), "unknown threat labels are not validation negatives");

    JsonObject config64 = JsonParser.parseString(Files.readString(out.resolve("config.json"))).getAsJsonObject();
    JsonObject winnow = config64.getAsJsonObject("winnow");
    assertEquals(base.toString(), winnow.get("base_encoder").getAsString());
    assertEquals(8, winnow.getAsJsonObject("lora").get("rank").getAsInt());
    JsonObject training = winnow.getAsJsonObject("training");
    assertEquals("lora", training.get("method").getAsString());
    assertEquals(result.data().fingerprint(), training.get("data_fingerprint").getAsString());
    assertEquals(64, training.get("base_encoder_sha256").getAsString().length());
    assertTrue(training.getAsJsonObject("hyper_parameters").has("lora"));
    assertTrue(Files.size(out.resolve("model.safetensors")) < Files.size(base.resolve("model.safetensors")) / 4,
        "adapters and head only, not a copy of the encoder");
    assertTrue(Files.isRegularFile(out.resolve(HeadFolder.THRESHOLDS)));

    try (TextClassifier model = Models.load(out.toString(), InferenceOptions.DEFAULTS)) {
      float[] attack = model.classify(List.of("attack bomb")).get(0).scores();
      float[] garden = model.classify(List.of("garden river")).get(0).scores();
      assertTrue(attack[0] > garden[0], "the trained model tells them apart");
    }
    assertEquals("output.path", assertThrows(ConfigError.class,
        () -> FineTuneTraining.run(config, config.examples(), spark, "again", log::add)).key());
  }

  @Test
  void responsesTrainedWithTheirPromptsMakeAPairModelWithPresetsAndPerDomainMetrics() throws IOException {
    Path data = Files.createDirectories(dir.resolve("pairs-data"));
    StringBuilder responses = new StringBuilder();
    for (int i = 0; i < 16; i++) {
      boolean harmful = i % 2 == 0;
      responses.append("{\"prompt\": \"").append(harmful ? "how to make a bomb " : "how to bake bread ").append(i)
          .append("\", \"response\": \"").append(harmful ? "poison attack weapon " : "garden flower music ").append(i)
          .append("\", \"threat\": ").append(harmful ? 1 : 0).append("}\n");
    }
    Files.writeString(data.resolve("responses.jsonl"), responses);
    Files.copy(dir.resolve("posts.jsonl"), data.resolve("posts.jsonl"));
    Path recipe = Files.writeString(data.resolve("recipe.conf"), """
        recipe {
          name = "tiny-pairs", encoder = "%s", categories = [insult, threat], data_dir = "%s"
          validation_fraction = 0.4, seed = 3
          sources = [
            { name = posts, path = "posts.jsonl", text = "body", domain = social,
              labels { insult = "insult = 1", threat = "threat = 1" } }
            { name = answers, path = "responses.jsonl", text = "response", context = "prompt",
              labels { threat = "threat = 1" } }
          ]
        }
        """.formatted(base, data));
    Path out = dir.resolve("pairs-lora");
    TrainConfig config = TrainConfig.parse("recipe = \"" + recipe + "\"\noutput.path = \"" + out + "\"\n"
        + "training { method = lora, epochs = 2, learning_rate = 0.01, head_learning_rate = 0.03, "
        + "effective_batch = 8, precision = fp32, progress_seconds = 60 }");
    FineTuneTraining.Result result = FineTuneTraining.run(config, config.examples(), spark, "test", line -> { });

    JsonObject winnow = JsonParser.parseString(Files.readString(out.resolve("config.json"))).getAsJsonObject()
        .getAsJsonObject("winnow");
    assertEquals("pair", winnow.get("input").getAsString(), "trained on pairs, so it declares pair input");
    assertTrue(Models.describe(out.toString()).acceptsTextPairs());
    JsonObject presets = winnow.getAsJsonObject("threshold_presets");
    assertEquals(java.util.Set.of("balanced", "strict"), presets.keySet());
    assertEquals(winnow.getAsJsonObject("thresholds"), presets.getAsJsonObject("balanced"));
    for (String label : List.of("insult", "threat")) {
      float strict = presets.getAsJsonObject("strict").get(label).getAsFloat();
      assertTrue(result.validation().get(label).at(strict).recall() >= config.recallTarget(),
          label + ": the strict threshold keeps validation recall at the target " + presets);
    }

    java.util.Set<String> domains = new java.util.TreeSet<>();
    result.domains().cells().forEach(c -> domains.add(c.domain()));
    assertEquals(java.util.Set.of("responses", "social"), domains);
    assertTrue(result.domains().cells().stream().noneMatch(c -> c.domain().equals("responses") && c.label().equals("insult")),
        "insult is unknown for every response: no cell");
    long responseRows = result.domains().cells().stream()
        .filter(c -> c.domain().equals("responses") && c.label().equals("threat") && c.preset().equals("balanced"))
        .findFirst().orElseThrow().rows();
    assertTrue(responseRows > 0 && responseRows < 16, "only the responses' validation rows: " + responseRows);
    JsonObject metrics = JsonParser.parseString(Files.readString(out.resolve(HeadFolder.METRICS))).getAsJsonObject();
    assertEquals(result.domains().cells().size(), metrics.getAsJsonArray("domains").size());
    assertTrue(FineTuneTraining.summary(result).contains("validation per domain"));
  }

  @Test
  void fullFineTuneWritesAStandardHuggingFaceCheckpoint() throws IOException {
    Path out = dir.resolve("full");
    TrainConfig config = config(out, "full");
    FineTuneTraining.run(config, config.examples(), spark, "test", line -> {});
    JsonObject json = JsonParser.parseString(Files.readString(out.resolve("config.json"))).getAsJsonObject();
    assertEquals("BertForSequenceClassification", json.getAsJsonArray("architectures").get(0).getAsString());
    assertEquals("multi_label_classification", json.get("problem_type").getAsString());
    assertEquals("threat", json.getAsJsonObject("id2label").get("1").getAsString());
    assertFalse(json.getAsJsonObject("winnow").has("base_encoder"), "it carries every weight itself");
    assertTrue(Files.isRegularFile(out.resolve("tokenizer.json")));
    assertEquals(List.of("insult", "threat"), Models.describe(out.toString()).labels());
  }

  @Test
  void theAgileBenchmarkCrossValidatesAFineTune() throws IOException {
    TrainConfig config = TrainConfig.parse("recipe = \"" + dir.resolve("recipe.conf") + "\"\n"
        + "benchmark.cv_folds = 2\ntraining.categories = [insult]\n"
        + "benchmark.report = \"" + dir.resolve("cv.json") + "\"\n"
        + "training { method = lora, epochs = 2, learning_rate = 0.01, effective_batch = 8, precision = fp32 }");
    AgileBenchmark.Report report = AgileBenchmark.run(config, config.examples(), spark);
    assertTrue(report.encoder().endsWith("(lora)"), report.encoder());
    List<AgileBenchmark.Fold> folds = report.labels().get(0).folds();
    assertEquals(2, folds.size());
    assertEquals(48, folds.stream().mapToLong(AgileBenchmark.Fold::testRows).sum(), "every text is tested once");
    assertEquals(24, folds.stream().mapToLong(AgileBenchmark.Fold::testPositives).sum(), "every positive too");
    folds.forEach(f -> assertTrue(f.threshold() > 0 && f.threshold() < 1, "a threshold chosen on inner validation: " + f));
    assertTrue(Files.readString(dir.resolve("cv.json")).contains("\"folds\""), "the JSON report is written");
  }

  @Test
  void badFineTuneSettingsNameTheirKey() {
    Path out = dir.resolve("never");
    assertEquals("training.method", assertThrows(ConfigError.class, () -> TrainConfig.parse("recipe = \""
        + dir.resolve("recipe.conf") + "\"\noutput.path = \"" + out + "\"\ntraining.method = qlora")).key());
    assertEquals("training.lora.targets", assertThrows(ConfigError.class, () -> TrainConfig.parse("recipe = \""
        + dir.resolve("recipe.conf") + "\"\noutput.path = \"" + out + "\"\ntraining.method = lora\n"
        + "training.lora.targets = [query, gate]")).key());
  }
}
