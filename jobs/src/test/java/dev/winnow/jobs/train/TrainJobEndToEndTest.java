package dev.winnow.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.winnow.jobs.config.ConfigError;
import dev.winnow.jobs.config.ScoreConfig;
import dev.winnow.runtime.InferenceOptions;
import dev.winnow.runtime.Models;
import dev.winnow.runtime.TextClassifier;
import dev.winnow.runtime.TextEncoder;
import dev.winnow.runtime.TextScore;
import dev.winnow.runtime.testing.CheckpointFixtures;
import dev.winnow.spark.ExecutorModelCache;
import dev.winnow.spark.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The train job on 40 written rows and the real all-MiniLM-L6-v2 encoder, read back through the runtime. */
class TrainJobEndToEndTest {

  private static final String[] RUDE = {"you are a stupid idiot", "shut up, moron", "what a worthless loser",
      "nobody likes you, freak", "get lost you pathetic clown", "you disgusting creep", "go away, dumb fool",
      "you are an ugly fool", "idiots like you ruin everything", "what a brainless jerk"};
  private static final String[] KIND = {"have a lovely day", "thanks for your help", "the garden looks beautiful",
      "see you at lunch tomorrow", "great job on the report", "the train leaves at nine", "I enjoyed the concert",
      "please pass the salt", "happy birthday, friend", "the soup tastes good"};

  @TempDir static Path dir;
  private static SparkSession spark;

  @BeforeAll
  static void start() throws IOException {
    spark = TestSpark.start("TrainJobEndToEndTest");
    TestSpark.forgetModels();
    // 40 rows: rude and kind texts twice over ("a"/"b" variants); `insult` known everywhere,
    // `threat` only for the b rows (unknown elsewhere), positive for 7 of them.
    StringBuilder rows = new StringBuilder();
    for (int i = 0; i < 10; i++) {
      rows.append(PostsRecipe.row(RUDE[i] + " (a)", "1", "null"));
      rows.append(PostsRecipe.row(KIND[i] + " (a)", "0", "null"));
      rows.append(PostsRecipe.row(RUDE[i] + " (b)", "1", i < 7 ? "1" : "0"));
      rows.append(PostsRecipe.row(KIND[i] + " (b)", "0", "0"));
    }
    PostsRecipe.write(dir, rows, "tiny", CheckpointFixtures.SMALL_ENCODER, List.of("insult", "threat"), 0.5, 3);
  }

  @AfterAll
  static void stop() {
    TestSpark.stop(spark);
  }

  private static TrainConfig config(Path out, String... extra) {
    return TrainConfig.parse("recipe = \"" + dir.resolve("recipe.conf") + "\"\n"
        + "output.path = \"" + out + "\"\n"
        + "training.reg_params = [0.001, 0.1]\n" + String.join("\n", extra));
  }

  @Test
  void writesAHeadTheRuntimeLoads() throws IOException {
    Path out = dir.resolve("head");
    TrainConfig config = config(out);
    HeadTraining.Result result = HeadTraining.run(config, new RecipeData(config.recipe(), config.dataDir()), spark, "test");

    assertEquals(1, ExecutorModelCache.loads(), "embedded once, one encoder");
    assertEquals(40, result.data().distinctTexts());
    assertEquals(List.of("insult", "threat", "unsafe"), result.categories().stream().map(CategoryResult::label).toList());
    CategoryResult threat = result.categories().get(1);
    assertEquals(20, threat.trainRows() + threat.validation().size(), "threat is known for the b rows only");
    assertTrue(result.categories().get(0).validation().rocAuc() > 0.9, "rude vs kind is easy");

    List<String> probes = List.of("you stupid idiot", "lovely weather today");
    try (TextClassifier head = Models.load(out.toString(), InferenceOptions.DEFAULTS);
        TextEncoder encoder = Models.loadEncoder(CheckpointFixtures.SMALL_ENCODER, InferenceOptions.DEFAULTS)) {
      assertEquals(List.of("insult", "threat", "unsafe"), head.info().labels());
      List<TextScore> scores = head.classify(probes);
      List<float[]> embeddings = encoder.embed(probes);
      for (int t = 0; t < probes.size(); t++) {
        for (int l = 0; l < 3; l++) {
          CategoryResult r = result.categories().get(l);
          double logit = r.bias();
          for (int d = 0; d < r.weight().length; d++) {
            logit += r.weight()[d] * embeddings.get(t)[d];
          }
          assertEquals(1 / (1 + Math.exp(-logit)), scores.get(t).scores()[l], 1e-4, probes.get(t) + " " + r.label());
        }
      }
      assertTrue(scores.get(0).scores()[0] > scores.get(1).scores()[0], "the insult scores higher");
    }

    JsonObject training = JsonParser.parseString(Files.readString(out.resolve("config.json")))
        .getAsJsonObject().getAsJsonObject("winnow").getAsJsonObject("training");
    assertEquals("tiny", training.get("recipe").getAsString());
    assertEquals(result.data().fingerprint(), training.get("data_fingerprint").getAsString());
    assertEquals(40, training.getAsJsonObject("rows_per_source").get("posts").getAsInt());
    assertEquals(3, training.getAsJsonArray("categories").size());
    assertTrue(training.has("settings") && training.has("recipe_config") && training.has("winnow_version"));
    assertTrue(Files.isRegularFile(out.resolve(HeadFolder.METRICS)));

    ScoreConfig score = ScoreConfig.parse("input.path = in\noutput.path = o\nmodel.ref = \"" + out + "\"\n"
        + "thresholds.file = \"" + out.resolve(HeadFolder.THRESHOLDS) + "\"");
    float[] thresholds = score.thresholds().thresholds().resolve(List.of("insult", "threat", "unsafe"));
    for (int l = 0; l < 3; l++) {
      assertEquals(result.categories().get(l).threshold(), thresholds[l], 1e-6);
    }

    ConfigError exists = assertThrows(ConfigError.class,
        () -> HeadTraining.run(config, new RecipeData(config.recipe(), config.dataDir()), spark, "again"));
    assertEquals("output.path", exists.key());
  }

  @Test
  void overwriteReplacesTheFolderWhole() throws IOException {
    Path out = dir.resolve("replaced");
    Files.createDirectories(out);
    Files.writeString(out.resolve("stale.txt"), "from an earlier run");
    TrainConfig config = config(out, "output.mode = overwrite", "training.categories = [insult]");
    HeadTraining.run(config, new RecipeData(config.recipe(), config.dataDir()), spark, "test");
    assertFalse(Files.exists(out.resolve("stale.txt")));
    assertTrue(Files.isRegularFile(out.resolve("model.safetensors")));
    try (var siblings = Files.list(dir)) {
      assertEquals(List.of(), siblings.filter(p -> p.getFileName().toString().startsWith(".replaced")).toList(),
          "no staging or replaced folder left behind");
    }
    assertNotEquals(0, Files.size(out.resolve(HeadFolder.THRESHOLDS)));
  }

  @Test
  void trainsOnOneLabeledTableWithoutARecipe() {
    Path out = dir.resolve("table-head");
    TrainConfig config = TrainConfig.parse("input { path = \"" + dir.resolve("posts.jsonl") + "\", text_column = body }\n"
        + "labels.columns = [insult, threat]\n"
        + "model.ref = \"" + CheckpointFixtures.SMALL_ENCODER + "\"\n"
        + "table { unsafe_of = [insult, threat], validation_fraction = 0.5, seed = 3 }\n"
        + "output.path = \"" + out + "\"\ntraining.reg_params = [0.1]");
    HeadTraining.Result result = HeadTraining.run(config, config.examples(), spark, "test");
    assertEquals(List.of("insult", "threat", "unsafe"), result.categories().stream().map(CategoryResult::label).toList());
    assertEquals(20, result.categories().get(1).trainRows() + result.categories().get(1).validation().size(),
        "null threat labels are unknown, not negative");
    assertEquals(List.of("insult", "threat", "unsafe"), Models.describe(out.toString()).labels());
  }

  @Test
  void recipeOrTableButNotBoth() {
    assertEquals("recipe", assertThrows(ConfigError.class, () -> TrainConfig.parse("output.path = x")).key());
    assertEquals("recipe", assertThrows(ConfigError.class, () -> TrainConfig.parse("recipe = \""
        + dir.resolve("recipe.conf") + "\"\ninput.path = y\nlabels.columns = [a]\noutput.path = x")).key());
    assertEquals("model.ref", assertThrows(ConfigError.class,
        () -> TrainConfig.parse("input.path = y\nlabels.columns = [a]\noutput.path = x")).key());
  }
}
