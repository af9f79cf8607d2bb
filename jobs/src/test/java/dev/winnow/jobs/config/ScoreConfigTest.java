package dev.winnow.jobs.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.winnow.jobs.io.InputFormat;
import dev.winnow.jobs.io.OutputFormat;
import dev.winnow.jobs.io.WriteMode;
import dev.winnow.runtime.InferenceOptions;
import dev.winnow.spark.DeviceRequest;
import dev.winnow.spark.TaskDevices;
import dev.winnow.runtime.LongTextPolicy;
import dev.winnow.runtime.Precision;
import dev.winnow.runtime.WindowAggregation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScoreConfigTest {

  private static final String MINIMAL = """
      input.path = "in.parquet"
      model.ref = "test:fake"
      output.path = "/data/out/scored/"
      """;

  @TempDir Path dir;

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return file;
  }

  private static ConfigError configError(Runnable load) {
    return assertThrows(ConfigError.class, load::run);
  }

  @Test
  void defaultsFillWhatTheUserLeavesOut() {
    ScoreConfig c = ScoreConfig.parse(MINIMAL);
    // Relative paths are made absolute once, against the working directory.
    assertEquals(Path.of("in.parquet").toAbsolutePath().toString(), c.input().path());
    assertEquals(InputFormat.AUTO, c.input().format());
    assertEquals("text", c.input().textColumn());
    assertEquals(Optional.empty(), c.input().idColumn());
    assertEquals(Map.of("header", "true"), c.input().csvOptions());
    assertEquals(InferenceOptions.DEFAULTS, c.model().options(), "reference conf drifted from the runtime");
    assertEquals(DeviceRequest.AUTO, c.model().device());
    assertEquals(1024, c.model().rowsPerChunk());
    assertEquals(0.5, c.thresholds().thresholds().defaultThreshold());
    assertEquals(OutputFormat.DELTA, c.output().format());
    assertEquals(WriteMode.ERROR, c.output().mode());
    assertEquals("/data/out/scored", c.output().path());
    assertEquals("score_", c.output().columnPrefix());
    assertEquals("/data/out/winnow_metrics", c.metrics().tablePath());
    assertEquals("/data/out/scored.metrics.json", c.metrics().jsonPath());
  }

  @Test
  void fileThenOverridesInOrder() throws IOException {
    Path file = write("score.conf", MINIMAL + """
        model { device = gpu, long_text = chunk, max_tokens = 256, stride = 32, aggregation = mean }
        output { mode = append, partition_by = [flagged] }
        thresholds.labels { toxic = 0.3 }
        """);
    ScoreConfig c = ScoreConfig.load(new JobArgs(Optional.of(file), List.of(
        "output.mode=overwrite",
        "input.path=s3a://bucket/posts//day=1",
        "input.id_column=post_id",
        "thresholds.labels.Self-Harm=0.2",
        "output.partition_by=[model, flagged]",
        "metrics.json=null"), false));
    assertEquals(WriteMode.OVERWRITE, c.output().mode());
    assertEquals("s3a://bucket/posts//day=1", c.input().path());
    assertEquals(Optional.of("post_id"), c.input().idColumn());
    assertEquals(List.of("model", "flagged"), c.output().partitionBy());
    assertEquals(DeviceRequest.parse("gpu"), c.model().device());
    assertEquals(new InferenceOptions(Device.gpu(0), Precision.FP32, 256, LongTextPolicy.CHUNK, 32, 16, WindowAggregation.MEAN, 4096),
        c.model().options());
    assertEquals(Map.of("toxic", 0.3, "Self-Harm", 0.2), c.thresholds().thresholds().overrides());
  }

  @Test
  void unknownKeysAreErrorsNamingThem() throws IOException {
    Path file = write("typo.conf", MINIMAL + "input.txt_column = body\n");
    ConfigError inFile = configError(() -> ScoreConfig.load(file));
    assertEquals("input.txt_column", inFile.key());
    Path ok = write("ok.conf", MINIMAL);
    ConfigError onCommandLine = configError(() -> ScoreConfig.load(ok, "modle.ref=x"));
    assertEquals("modle.ref", onCommandLine.key());
    ConfigError nested = configError(() -> ScoreConfig.parse(MINIMAL + "output.metrics { path = x }"));
    assertEquals("output.metrics.path", nested.key());
  }

  @Test
  void userNamedObjectsAcceptAnyKey() {
    ScoreConfig c = ScoreConfig.parse(MINIMAL + "input.csv { sep = \";\", multiLine = true }");
    assertEquals(Map.of("header", "true", "sep", ";", "multiLine", "true"), c.input().csvOptions());
  }

  @Test
  void deviceSettingsAreCheckedBeforeAnyTask() {
    assertEquals(TaskDevices.DEFAULT_GPU_BATCH_TOKENS, ScoreConfig.parse(MINIMAL).model().gpuBatchTokens());
    assertEquals("model.device", configError(() -> ScoreConfig.parse(MINIMAL + "model.device = cuda")).key());
    ConfigError halfOnCpu = configError(() -> ScoreConfig.parse(MINIMAL + "model { device = cpu, precision = fp16 }"));
    assertEquals("model.precision", halfOnCpu.key());
    assertTrue(halfOnCpu.getMessage().contains("GPUs only"), halfOnCpu.getMessage());
    assertEquals("model.gpu_batch_tokens",
        configError(() -> ScoreConfig.parse(MINIMAL + "model.gpu_batch_tokens = 8")).key());
    ModelSpec gpu = ScoreConfig.parse(MINIMAL + "model { device = \"gpu:1\", precision = bf16, gpu_batch_tokens = 0 }").model();
    assertEquals(DeviceRequest.parse("gpu:1"), gpu.device());
    assertEquals(Device.gpu(1), gpu.options().device());
    assertEquals(Precision.BF16, gpu.options().precision());
    assertEquals(0, gpu.gpuBatchTokens());
    assertEquals(Precision.INT8, ScoreConfig.parse(MINIMAL + "model { device = cpu, precision = int8 }").model().options().precision());
    ConfigError int8OnGpu = configError(() -> ScoreConfig.parse(MINIMAL + "model { device = gpu, precision = int8 }"));
    assertEquals("model.precision", int8OnGpu.key());
    assertTrue(int8OnGpu.getMessage().contains("CPUs only"), int8OnGpu.getMessage());
  }

  @Test
  void badValuesAreErrorsNamingTheKey() {
    assertEquals("model.max_tokens", configError(() -> ScoreConfig.parse(MINIMAL + "model.max_tokens = lots")).key());
    assertEquals("model.max_tokens", configError(() -> ScoreConfig.parse(MINIMAL + "model.max_tokens = -1")).key());
    ConfigError mode = configError(() -> ScoreConfig.parse(MINIMAL + "output.mode = sometimes"));
    assertEquals("output.mode", mode.key());
    assertTrue(mode.getMessage().contains("[error, overwrite, append]"), mode.getMessage());
    assertEquals("input.format", configError(() -> ScoreConfig.parse(MINIMAL + "input.format = xml")).key());
    assertEquals("model.precision", configError(() -> ScoreConfig.parse(MINIMAL + "model.precision = int4")).key());
    assertEquals("thresholds.default", configError(() -> ScoreConfig.parse(MINIMAL + "thresholds.default = 1.5")).key());
    assertEquals("thresholds.labels.toxic",
        configError(() -> ScoreConfig.parse(MINIMAL + "thresholds.labels.toxic = high")).key());
    assertEquals("output.partition_by",
        configError(() -> ScoreConfig.parse(MINIMAL + "output.partition_by = { a = 1 }")).key());
    assertEquals("model.stride",
        configError(() -> ScoreConfig.parse(MINIMAL + "model { max_tokens = 32, stride = 30 }")).key());
  }

  @Test
  void requiredKeysAreNamed() {
    assertEquals("input.path", configError(() -> ScoreConfig.parse("model.ref = x\noutput.path = y")).key());
    assertEquals("model.ref", configError(() -> ScoreConfig.parse("input.path = x\noutput.path = y")).key());
    assertEquals("--config", configError(() -> ScoreConfig.load(dir.resolve("missing.conf"))).key());
  }

  @Test
  void thresholdsFileSitsBetweenSettingsAndDefaults() throws IOException {
    Path thresholds = write("t.conf", """
        thresholds { default = 0.7, labels { toxic = 0.4, hate_speech = 0.6 } }
        calibration { by = "calibrate" }
        """);
    ScoreConfig c = ScoreConfig.parse(MINIMAL + "thresholds { file = \"" + thresholds + "\", labels.toxic = 0.1 }");
    assertEquals(0.7, c.thresholds().thresholds().defaultThreshold());
    assertEquals(Map.of("toxic", 0.1, "hate_speech", 0.6), c.thresholds().thresholds().overrides());
    assertTrue(c.thresholds().labelsKey().contains(thresholds.toString()));

    Path bad = write("bad.conf", "thresholds { defualt = 0.7 }");
    assertEquals("thresholds.defualt",
        configError(() -> ScoreConfig.parse(MINIMAL + "thresholds.file = \"" + bad + "\"")).key());
    assertEquals("thresholds.file",
        configError(() -> ScoreConfig.parse(MINIMAL + "thresholds.file = \"" + dir.resolve("none.conf") + "\"")).key());
  }

  @Test
  void shippedExamplesLoad() {
    Path conf = Path.of("..", "conf");
    ScoreConfig c = ScoreConfig.load(conf.resolve("score.conf"),
        "thresholds.file=" + conf.resolve("thresholds/example.conf"));
    assertEquals(Optional.of("id"), c.input().idColumn());
    assertEquals(0.42, c.thresholds().thresholds().overrides().get("harassment"));
    assertEquals("balanced", c.thresholds().thresholds().preset());
  }

  @Test
  void commandLineArguments() {
    JobArgs a = JobArgs.parse(JobName.SCORE, "--config", "c.conf", "--set", "output.mode=append", "model.device=gpu",
        "--set=input.format=csv");
    assertEquals(Optional.of(Path.of("c.conf")), a.configFile());
    assertEquals(List.of("output.mode=append", "model.device=gpu", "input.format=csv"), a.overrides());
    assertTrue(JobArgs.parse(JobName.SCORE, "--help").help());
    assertThrows(IllegalArgumentException.class, () -> JobArgs.parse(JobName.SCORE, "--verbose"));
    assertThrows(IllegalArgumentException.class, () -> JobArgs.parse(JobName.SCORE, "--set", "novalue"));
    assertThrows(IllegalArgumentException.class, () -> JobArgs.parse(JobName.SCORE, "--config"));
    assertThrows(IllegalArgumentException.class, () -> JobArgs.parse(JobName.SCORE, "@args.txt"), "no @file expansion");
    assertEquals(List.of("a=1", "a=2", "a=3"), JobArgs.parse(JobName.SCORE, "a=1", "--set", "a=2", "a=3").overrides(),
        "command-line order kept, so the last value of a key wins");
    assertThrows(IllegalArgumentException.class, () -> JobArgs.parse(JobName.SCORE, "--date", "2026-11-01"),
        "a shorthand of another job");
  }
}
