package dev.winnow.jobs.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winnow.jobs.config.CalibrateConfig.Objective;
import dev.winnow.runtime.InferenceOptions;
import dev.winnow.spark.DeviceRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Settings of evaluate and calibrate: the shared pieces read as score reads them. */
class LabeledJobConfigTest {

  private static final String MINIMAL = """
      input.path = "labeled.csv"
      labels.columns = [toxic]
      model.ref = "test:fake"
      output.path = "/data/out/eval"
      """;

  @Test
  void evaluateDefaults() {
    EvaluateConfig c = EvaluateConfig.parse(MINIMAL);
    LabeledSource s = c.source();
    assertFalse(s.scored());
    assertEquals("score_", s.scorePrefix());
    assertEquals(InferenceOptions.DEFAULTS, s.model().orElseThrow().options(), "same model defaults as score");
    assertEquals(DeviceRequest.AUTO, s.model().orElseThrow().device());
    assertEquals(List.of("-1", ""), s.labels().unknownValues());
    assertFalse(s.labels().ignoreUnknown());
    assertEquals(0.5, s.thresholds().thresholds().defaultThreshold());
    assertFalse(c.overwrite());
    assertEquals("/data/out/winnow_evaluations", c.runsTable());
  }

  @Test
  void scoredInputNeedsNoModel() {
    EvaluateConfig c = EvaluateConfig.parse("input { path = x, scored = true }\nlabels.columns = [toxic]\noutput.path = y");
    assertEquals(Optional.empty(), c.source().model());
    assertEquals("model.ref", assertThrows(ConfigError.class,
        () -> EvaluateConfig.parse("input.path = x\nlabels.columns = [toxic]\noutput.path = y")).key());
  }

  @Test
  void strictKeysAndValues() {
    assertEquals("labels.colums", assertThrows(ConfigError.class, () -> EvaluateConfig.parse(MINIMAL + "labels.colums = [a]")).key());
    assertEquals("output.format", assertThrows(ConfigError.class, () -> EvaluateConfig.parse(MINIMAL + "output.format = delta")).key());
    assertEquals("output.mode", assertThrows(ConfigError.class, () -> EvaluateConfig.parse(MINIMAL + "output.mode = append")).key());
    assertEquals("labels.ignore_unknown",
        assertThrows(ConfigError.class, () -> EvaluateConfig.parse(MINIMAL + "labels.ignore_unknown = maybe")).key());
    assertEquals("labels.columns",
        assertThrows(ConfigError.class, () -> EvaluateConfig.parse(MINIMAL + "labels.array_column = tags")).key());
    assertEquals("calibrate.target_recall",
        assertThrows(ConfigError.class, () -> CalibrateConfig.parse(MINIMAL + "calibrate.target_recall = 1.5")).key());
    assertEquals("calibrate", assertThrows(ConfigError.class,
        () -> EvaluateConfig.parse(MINIMAL + "calibrate.objective = f1")).key().substring(0, 9));
  }

  @Test
  void calibrateDefaults() {
    CalibrateConfig c = CalibrateConfig.parse(MINIMAL);
    assertEquals(Objective.RECALL, c.objective());
    assertEquals(0.9, c.targetRecall());
    assertEquals(20, c.minPositives());
  }

  @Test
  void shippedExamplesLoad() {
    Path conf = Path.of("..", "conf");
    EvaluateConfig e = EvaluateConfig.load(new JobArgs(Optional.of(conf.resolve("evaluate.conf")), List.of(), false));
    assertEquals("text", e.source().input().textColumn());
    assertEquals(13, e.source().labels().categories().size(), "the demo corpus' expected array: taxonomy v2");
    assertTrue(e.source().input().csvOptions().containsKey("multiLine"));
    CalibrateConfig c = CalibrateConfig.load(new JobArgs(Optional.of(conf.resolve("calibrate.conf")),
        List.of("calibrate.objective=f1"), false));
    assertEquals(Objective.F1, c.objective());
  }
}
