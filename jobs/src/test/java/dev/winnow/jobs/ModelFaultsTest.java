package dev.winnow.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.winnow.jobs.config.ConfigError;
import dev.winnow.jobs.config.ScoreConfig;
import dev.winnow.jobs.testing.DeltaTestSpark;
import dev.winnow.runtime.Gpus;
import dev.winnow.runtime.InferenceOptions;
import dev.winnow.runtime.ModelInfo;
import dev.winnow.runtime.TextClassifier;
import dev.winnow.runtime.UserError;
import dev.winnow.runtime.WinnowErrors;
import dev.winnow.runtime.testing.CheckpointFixtures;
import dev.winnow.spark.ClassifierFactory;
import dev.winnow.spark.testing.FakeClassifier;
import dev.winnow.spark.testing.FakeFactory;
import dev.winnow.spark.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model settings that cannot work fail on the driver before any output exists, naming the
 * setting; one that only fails inside a task is still one error naming it, and leaves no output.
 * (They used to fail inside tasks: exit 1, TASK_WRITE_FAILED, uncommitted files in the output.)
 */
class ModelFaultsTest {

  @TempDir static Path inputs;
  @TempDir Path work;

  private static SparkSession spark;
  private static Path corpus;

  @BeforeAll
  static void start() throws IOException {
    spark = DeltaTestSpark.start("ModelFaultsTest");
    corpus = inputs.resolve("posts.jsonl");
    Files.writeString(corpus, """
        {"id": 1, "text": "hello"}
        {"id": 2, "text": "a second post"}
        {"id": 3, "text": "and a third"}
        """);
  }

  @AfterAll
  static void stop() {
    TestSpark.stop(spark);
  }

  @BeforeEach
  void reset() {
    TestSpark.forgetModels();
  }

  private ScoreConfig config(Path out, String settings) {
    return ScoreConfig.parse("input.path = \"" + corpus + "\"\noutput.path = \"" + out + "\"\n" + settings);
  }

  @Test
  void corruptWeightsAreNamedOnTheDriverBeforeAnyOutput() throws IOException {
    Path model = CheckpointFixtures.sequenceClassifier(work.resolve("model"), CheckpointFixtures.Architecture.BERT,
        List.of("toxic", "insult"), "multi_label_classification", 7);
    byte[] noise = new byte[4096];
    new Random(1).nextBytes(noise);
    Files.write(model.resolve("model.safetensors"), noise);
    Path out = work.resolve("scored");

    ConfigError e = assertThrows(ConfigError.class, () -> ScoreJob.run(
        config(out, "model.ref = \"" + model + "\""), spark, ClassifierFactory.models()));
    assertEquals("model.ref", e.key());
    assertTrue(e.getMessage().contains(model.resolve("model.safetensors").toString()), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    assertFalse(Files.exists(out));
  }

  @Test
  void aGpuDeviceWithoutAnyGpuIsNamedOnTheDriver() {
    assumeTrue(Gpus.count() == 0, "this machine has a GPU the PyTorch engine can use");
    Path out = work.resolve("scored");
    UserError e = assertThrows(UserError.class, () -> ScoreJob.run(
        config(out, "model { ref = \"test:fake\", device = gpu }"), spark, new FakeFactory()));
    assertEquals("model.device", e.setting().orElseThrow());
    assertTrue(e.getMessage().contains("no GPU/CUDA libtorch is available"), e.getMessage());
    assertFalse(Files.exists(out));
  }

  @Test
  void fp16OnTheCpuATaskWouldGetIsNamedOnTheDriver() {
    Path out = work.resolve("scored");
    // device auto, and local Spark assigns tasks no GPU: auto means the CPU, where fp16 cannot run.
    UserError e = assertThrows(UserError.class, () -> ScoreJob.run(
        config(out, "model { ref = \"test:fake\", precision = fp16 }"), spark, new FakeFactory()));
    assertEquals("model.precision", e.setting().orElseThrow());
    assertTrue(e.getMessage().contains("fp16"), e.getMessage());
    assertFalse(Files.exists(out));
  }

  @Test
  void aModelFailingInsideATaskIsOneUserErrorAndLeavesNoOutput() {
    Path out = work.resolve("scored");
    Exception failure = assertThrows(Exception.class, () -> ScoreJob.run(
        config(out, "model.ref = \"test:fake\""), spark, new UnloadableFactory()));
    UserError cause = UserError.findIn(failure).orElseThrow(() -> new AssertionError("no user error in", failure));
    assertEquals("model.ref", cause.setting().orElseThrow());
    assertTrue(cause.getMessage().contains("broken.safetensors"), cause.getMessage());
    assertFalse(Files.exists(out), "the output folder is left as it was (absent)");
  }

  /** Describes and verifies fine on the driver; the load in the task finds the weights corrupt. */
  record UnloadableFactory() implements ClassifierFactory {

    @Override
    public TextClassifier load(String reference, InferenceOptions options) {
      throw WinnowErrors.corruptWeights(Path.of("/models/broken.safetensors"), "its header is not valid JSON");
    }

    @Override
    public ModelInfo describe(String reference) {
      return FakeClassifier.INFO;
    }
  }
}
