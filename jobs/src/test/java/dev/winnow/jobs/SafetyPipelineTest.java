package dev.winnow.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.winnow.jobs.config.CalibrateConfig;
import dev.winnow.jobs.config.EvaluateConfig;
import dev.winnow.jobs.config.ScoreConfig;
import dev.winnow.jobs.evaluation.Calibration;
import dev.winnow.jobs.evaluation.CategoryEvaluation;
import dev.winnow.jobs.evaluation.EvaluationReport;
import dev.winnow.jobs.metrics.CategoryMetrics;
import dev.winnow.jobs.metrics.RunMetrics;
import dev.winnow.jobs.testing.DeltaTestSpark;
import dev.winnow.jobs.train.HeadTraining;
import dev.winnow.jobs.train.RecipeData;
import dev.winnow.jobs.train.TrainConfig;
import dev.winnow.runtime.testing.CheckpointFixtures;
import dev.winnow.runtime.testing.SharedData;
import dev.winnow.spark.ClassifierFactory;
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

/**
 * The whole workflow a user runs on real labeled data: train a head on ETHOS comments, calibrate
 * its thresholds on a second slice, score a third slice with those thresholds, evaluate it, and
 * check what the metrics and report files say.
 */
class SafetyPipelineTest {

  @TempDir static Path dir;
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = DeltaTestSpark.start("SafetyPipelineTest");
    ExecutorModelCache.closeAll();
  }

  @AfterAll
  static void stop() {
    TestSpark.stop(spark);
  }

  @Test
  void trainCalibrateScoreEvaluate() throws IOException {
    List<String> ethos = Files.readAllLines(SharedData.require("ethos/train.jsonl"));
    Path train = write("train.jsonl", ethos.subList(0, 400));
    Path calibration = write("calibration.jsonl", ethos.subList(400, 600));
    Path test = write("test.jsonl", ethos.subList(600, 800));
    Files.writeString(dir.resolve("recipe.conf"), """
        recipe {
          name = "ethos-pipeline"
          encoder = "%s"
          categories = [hate]
          unsafe_of = [hate]
          data_dir = "%s"
          validation_fraction = 0.25
          seed = 7
          sources = [ { name = ethos, path = "%s", format = jsonl, text = "text", labels { hate = "hate = 1" } } ]
        }
        """.formatted(CheckpointFixtures.SMALL_ENCODER, dir, train.getFileName()));

    Path head = dir.resolve("head");
    TrainConfig trainConfig = TrainConfig.parse("recipe = \"" + dir.resolve("recipe.conf") + "\"\n"
        + "output.path = \"" + head + "\"\ntraining.reg_params = [0.01, 0.1]");
    HeadTraining.run(trainConfig, new RecipeData(trainConfig.recipe(), trainConfig.dataDir()), spark, "test");

    Path thresholds = dir.resolve("thresholds.conf");
    CalibrateJob.Result calibrated = CalibrateJob.run(CalibrateConfig.parse(labeled(calibration)
        + "model.ref = \"" + head + "\"\nlabels.columns = [hate]\n"
        + "calibrate { objective = recall, target_recall = 0.8, min_positives = 20 }\n"
        + "output.path = \"" + thresholds + "\""), spark, ClassifierFactory.models());
    Calibration hate = calibrated.calibrations().stream().filter(c -> c.name().equals("hate")).findFirst().orElseThrow();
    assertTrue(hate.chosen(), "80 of 200 ETHOS comments are hate: enough positives to calibrate");

    Path scored = dir.resolve("scored");
    RunMetrics metrics = ScoreJob.run(ScoreConfig.parse(labeled(test) + "model.ref = \"" + head + "\"\n"
        + "thresholds.file = \"" + thresholds + "\"\noutput.path = \"" + scored + "\""), spark, ClassifierFactory.models());
    JsonObject metricsJson = JsonParser.parseString(Files.readString(dir.resolve("scored.metrics.json"))).getAsJsonObject();
    assertEquals(200, metricsJson.get("rows").getAsLong());
    assertEquals(metrics.runId(), metricsJson.get("run_id").getAsString());
    assertEquals(List.of("hate", "unsafe"), metrics.categories().stream().map(CategoryMetrics::name).toList());
    assertEquals(hate.threshold(), metrics.categories().get(0).threshold(), 1e-6);

    Path report = dir.resolve("evaluation");
    EvaluationReport evaluation = EvaluateJob.run(EvaluateConfig.parse(labeled(test) + "model.ref = \"" + head + "\"\n"
        + "labels.columns = [hate]\nthresholds.file = \"" + thresholds + "\"\noutput.path = \"" + report + "\""),
        spark, ClassifierFactory.models());
    CategoryEvaluation hateOnTest = evaluation.categories().get(0);
    assertEquals("hate", hateOnTest.name());
    assertEquals(200, hateOnTest.positives() + hateOnTest.negatives());
    assertTrue(hateOnTest.rocAuc() > 0.7, "ROC-AUC on held-out ETHOS " + hateOnTest.rocAuc());
    assertTrue(hateOnTest.recall() > 0.6, "calibrated for recall 0.8, got " + hateOnTest.recall());

    JsonObject reportJson = JsonParser.parseString(Files.readString(report.resolve("report.json"))).getAsJsonObject();
    JsonObject first = reportJson.getAsJsonArray("categories").get(0).getAsJsonObject();
    assertEquals("hate", first.get("name").getAsString());
    assertEquals(hateOnTest.rocAuc(), first.get("roc_auc").getAsDouble(), 1e-9);
    assertEquals(hateOnTest.tp() + hateOnTest.fn(), hateOnTest.positives());
    assertEquals(hateOnTest.tp(), first.get("tp").getAsLong());
    assertTrue(Files.size(report.resolve("report.html")) > 1000);
  }

  private static String labeled(Path file) {
    return "input { path = \"" + file + "\", text_column = text }\n";
  }

  private static Path write(String name, List<String> lines) throws IOException {
    return Files.write(dir.resolve(name), lines);
  }
}
