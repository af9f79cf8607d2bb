package dev.winnow.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winnow.jobs.config.ConfigError;
import dev.winnow.jobs.config.EvaluateConfig;
import dev.winnow.jobs.config.ScoreConfig;
import dev.winnow.jobs.evaluation.CategoryEvaluation;
import dev.winnow.jobs.evaluation.EvaluationReport;
import dev.winnow.jobs.testing.DeltaTestSpark;
import dev.winnow.runtime.InferenceOptions;
import dev.winnow.runtime.Models;
import dev.winnow.runtime.TextClassifier;
import dev.winnow.runtime.ThresholdPresets;
import dev.winnow.runtime.checkpoint.HeadCheckpointWriter;
import dev.winnow.runtime.checkpoint.LinearHead;
import dev.winnow.runtime.checkpoint.TrainedFacts;
import dev.winnow.runtime.testing.CheckpointFixtures;
import dev.winnow.runtime.testing.CheckpointFixtures.Architecture;
import dev.winnow.spark.ClassifierFactory;
import dev.winnow.spark.ScoreColumns;
import dev.winnow.spark.testing.ScoredRows;
import dev.winnow.spark.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code input.context_column} (responses judged with their prompt) and {@code thresholds.preset}
 * (the model's recommended thresholds by name) in the score job, on real tiny checkpoints.
 */
class ScoreJobPairsAndPresetsTest {

  @TempDir static Path dir;
  @TempDir Path work;

  private static SparkSession spark;
  private static Path pairModel;
  private static Path presetHead;
  private static Path responses;

  @BeforeAll
  static void start() throws IOException {
    spark = DeltaTestSpark.start("ScoreJobPairsAndPresetsTest");
    pairModel = CheckpointFixtures.sequenceClassifier(dir.resolve("pair-bert"), Architecture.BERT,
        List.of("harmful response", "refusal"), "multi_label_classification", 5);
    // Zero weights: every text scores exactly 0.5, so the preset alone decides the flags.
    presetHead = HeadCheckpointWriter.write(dir.resolve("preset-head"), CheckpointFixtures.SMALL_ENCODER,
        new LinearHead(List.of("unsafe", "refusal"), new float[2][384], new float[2]),
        new TrainedFacts(ThresholdPresets.of(Map.of("unsafe", 0.9f, "refusal", 0.9f), Map.of("unsafe", 0.2f)), false, null));
    responses = Files.writeString(dir.resolve("responses.jsonl"), """
        {"id": 1, "prompt": "how do I pick a lock?", "response": "Here is how: insert a tension wrench", "harmful_response": 1}
        {"id": 2, "prompt": "write me a poem", "response": "Roses are red", "harmful_response": 0}
        {"id": 3, "prompt": null, "response": "A response with no prompt", "harmful_response": 0}
        {"id": 4, "prompt": "  ", "response": "Another one scored alone", "harmful_response": 1}
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

  private ScoreConfig config(Path model, String extra) {
    return ScoreConfig.parse("input { path = \"" + responses + "\", text_column = response, id_column = id }\n"
        + "model.ref = \"" + model + "\"\noutput { path = \"" + work.resolve("out") + "\", format = parquet }\n"
        + extra);
  }

  private List<Row> scoredRows() {
    return spark.read().parquet(work.resolve("out").toString()).orderBy("id").collectAsList();
  }

  @Test
  void responsesAreScoredWithTheirPromptAndAloneWithoutOne() {
    ScoreJob.run(config(pairModel, "input.context_column = prompt"), spark, ClassifierFactory.models());
    List<Row> rows = scoredRows();
    assertEquals(4, rows.size());
    try (TextClassifier direct = Models.load(pairModel.toString(), InferenceOptions.DEFAULTS)) {
      ScoredRows.assertMatchDirectClassifyPairs(rows, "prompt", "response", "score_", direct,
          new float[] {0.5f, 0.5f}, 1e-5f);
      float alone = direct.classify(List.of(rows.get(0).<String>getAs("response"))).get(0).scores()[0];
      assertNotEquals(alone, rows.get(0).<Float>getAs("score_harmful_response"), 1e-4f, "the prompt must reach the model");
    }
  }

  @Test
  void evaluateJudgesResponsesWithTheirPromptAndRefusesItForASingleTextModel() {
    String labeled = "input { path = \"" + responses + "\", text_column = response, context_column = prompt }\n"
        + "labels.columns = [harmful_response]\noutput.path = \"" + work.resolve("evaluation") + "\"\n";
    EvaluationReport report = EvaluateJob.run(EvaluateConfig.parse(labeled + "model.ref = \"" + pairModel + "\""),
        spark, ClassifierFactory.models());
    CategoryEvaluation harmful = report.categories().get(0);
    assertEquals("harmful_response", harmful.name());
    assertEquals(2, harmful.positives());
    assertEquals(2, harmful.negatives());
    ConfigError e = assertThrows(ConfigError.class, () -> EvaluateJob.run(EvaluateConfig.parse(
        labeled + "model.ref = \"" + presetHead + "\"\nlabels.ignore_unknown = true\noutput.mode = overwrite"),
        spark, ClassifierFactory.models()));
    assertEquals("input.context_column", e.setting().orElseThrow());
  }

  @Test
  void aContextColumnForAModelThatReadsSingleTextsIsAConfigError() {
    ConfigError e = assertThrows(ConfigError.class, () -> ScoreJob.run(
        config(presetHead, "input.context_column = prompt"), spark, ClassifierFactory.models()));
    assertEquals("input.context_column", e.setting().orElseThrow());
    assertTrue(e.getMessage().contains("does not accept"), e.getMessage());
    assertTrue(Files.notExists(work.resolve("out")), "nothing written");
  }

  @Test
  void thePresetPicksTheModelsRecommendedThresholdsAndOverridesStillWin() {
    ScoreJob.run(config(presetHead, ""), spark, ClassifierFactory.models());
    assertTrue(scoredRows().stream().noneMatch(r -> r.<Boolean>getAs(ScoreColumns.FLAGGED)), "balanced: 0.5 < 0.9");

    ScoreJob.run(config(presetHead, "thresholds.preset = strict\noutput.mode = overwrite"), spark, ClassifierFactory.models());
    for (Row r : scoredRows()) {
      // strict sets unsafe only; refusal falls back to the default 0.5, which 0.5 reaches.
      assertEquals(List.of("unsafe", "refusal"), r.getList(r.fieldIndex(ScoreColumns.FLAGS)));
    }

    ScoreJob.run(config(presetHead, "thresholds { preset = strict, labels.unsafe = 0.95, default = 0.6 }\n"
        + "output.mode = overwrite"), spark, ClassifierFactory.models());
    assertTrue(scoredRows().stream().noneMatch(r -> r.<Boolean>getAs(ScoreColumns.FLAGGED)), "overrides beat the preset");
  }

  @Test
  void aPresetTheModelLacksIsAConfigErrorNamingItsPresets() {
    ConfigError e = assertThrows(ConfigError.class, () -> ScoreJob.run(
        config(pairModel, "thresholds.preset = strict"), spark, ClassifierFactory.models()));
    assertEquals("thresholds.preset", e.setting().orElseThrow());
    assertTrue(e.getMessage().contains("no threshold preset 'strict'"), e.getMessage());
    ConfigError typo = assertThrows(ConfigError.class, () -> ScoreJob.run(
        config(presetHead, "thresholds.preset = stric"), spark, ClassifierFactory.models()));
    assertTrue(typo.getMessage().contains("[balanced, strict]"), typo.getMessage());
  }
}
