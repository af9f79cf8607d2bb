package dev.winnow.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winnow.jobs.config.ConfigError;
import dev.winnow.jobs.config.JobArgs;
import dev.winnow.jobs.config.JobName;
import dev.winnow.jobs.io.WriteMode;
import dev.winnow.runtime.InferenceOptions;
import dev.winnow.spark.DeviceRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainConfigTest {

  @TempDir static Path dir;
  static Path recipe;

  @BeforeAll
  static void write() throws IOException {
    recipe = Files.writeString(dir.resolve("recipe.conf"),
        RecipeTest.recipe("", RecipeTest.SOURCE).replace("name = r,", "name = r, data_dir = \"/data/labeled\","));
  }

  private static TrainConfig parse(String extra) {
    return TrainConfig.parse("recipe = \"" + recipe + "\"\n" + extra);
  }

  @Test
  void defaultsComeFromTheRecipeAndTheScoreJob() {
    TrainConfig c = parse("output.path = \"out/head/\"");
    assertEquals("builtin:all-minilm-l6-v2", c.model().ref());
    assertEquals(InferenceOptions.DEFAULTS, c.model().options());
    assertEquals(DeviceRequest.AUTO, c.model().device());
    assertEquals(Path.of("/data/labeled"), c.dataDir(), "the recipe's data_dir beats the job's");
    assertEquals(Optional.of("out/head"), c.outputPath());
    assertEquals(WriteMode.ERROR, c.outputMode());
    assertEquals(List.of(0.0001, 0.001, 0.01, 0.1), c.regParams());
    assertEquals(List.of("hate", "toxic", "refusal", "unsafe"), c.categories());
    assertFalse(c.benchmark());
    assertFalse(c.countsOnly());
  }

  @Test
  void countsOnlyNeedsNoOutput() {
    TrainConfig c = TrainConfig.load(JobArgs.parse(JobName.TRAIN, "recipe=" + recipe, "counts_only=true"));
    assertTrue(c.countsOnly());
    assertEquals(Optional.empty(), c.outputPath());
    assertEquals("counts_only", assertThrows(ConfigError.class, () -> parse("counts_only = maybe")).key());
  }

  @Test
  void overridesFromTheCommandLine() {
    TrainConfig c = TrainConfig.load(JobArgs.parse(JobName.TRAIN, "recipe=" + recipe, "model.ref=builtin:e5-small-v2",
        "training.categories=[unsafe, hate]", "benchmark.cv_folds=5", "model.batch_tokens=1024"));
    assertEquals("builtin:e5-small-v2", c.model().ref());
    assertEquals(1024, c.model().options().batchTokens());
    assertEquals(List.of("hate", "unsafe"), c.categories(), "recipe order kept");
    assertTrue(c.benchmark());
    assertTrue(c.settings().contains("e5-small-v2"));
  }

  @Test
  void errorsNameTheKey() {
    assertEquals("output.path", assertThrows(ConfigError.class, () -> parse("")).key());
    assertEquals("trainig.max_iter", assertThrows(ConfigError.class,
        () -> parse("output.path = o\ntrainig.max_iter = 3")).key());
    assertEquals("benchmark.cv_folds", assertThrows(ConfigError.class, () -> parse("benchmark.cv_folds = 1")).key());
    assertEquals("training.categories", assertThrows(ConfigError.class,
        () -> parse("output.path = o\ntraining.categories = [violence]")).key());
    assertEquals("training.reg_params", assertThrows(ConfigError.class,
        () -> parse("output.path = o\ntraining.reg_params = [-1]")).key());
    assertEquals("output.mode", assertThrows(ConfigError.class,
        () -> parse("output.path = o\noutput.mode = append")).key());
    assertEquals("model.precision", assertThrows(ConfigError.class,
        () -> parse("output.path = o\nmodel.precision = fp8")).key());
    assertEquals("recipe", assertThrows(ConfigError.class, () -> TrainConfig.parse("output.path = o")).key());
  }

  @Test
  void shippedConfigsParse() {
    TrainConfig agile = TrainConfig.load(JobArgs.parse(JobName.TRAIN, "--config", "../conf/agile-ethos.conf",
        "recipe=../conf/training/ethos-agile.conf"));
    assertEquals(5, agile.cvFolds());
    assertEquals(List.of("hate"), agile.categories());
    // How the built-in model is trained: train.conf with the v2 recipe and LoRA on top.
    TrainConfig v2 = TrainConfig.load(JobArgs.parse(JobName.TRAIN, "--config", "../conf/train-safety-v2.conf",
        "recipe=../conf/training/safety-v2.conf", "output.path=unused"));
    assertEquals("winnow-safety-v2", v2.recipe().name());
    assertEquals(dev.winnow.runtime.training.FineTuneMethod.LORA, v2.fineTune().orElseThrow().method());
    assertEquals(4, v2.fineTune().orElseThrow().lora().rank());
    assertEquals(6, v2.fineTune().orElseThrow().lora().targets().size(), "train.conf's targets kept");
    assertEquals(13, v2.categories().size());
  }
}
