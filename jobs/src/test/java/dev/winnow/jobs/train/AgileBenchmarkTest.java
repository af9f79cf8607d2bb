package dev.winnow.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winnow.runtime.testing.CheckpointFixtures;
import dev.winnow.runtime.testing.SharedData;
import dev.winnow.spark.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A small agile benchmark on the real ETHOS training comments: 3 folds over 200 of them. */
class AgileBenchmarkTest {

  @TempDir Path dir;

  @Test
  void learnsEthosHateFromAFewHundredExamples() throws IOException {
    Path ethos = SharedData.require("ethos/train.jsonl");
    Path recipe = Files.writeString(dir.resolve("recipe.conf"), Files.readString(Path.of("../conf/training/ethos-agile.conf"))
        .replace("data_dir = ${?WINNOW_DATA_DIR}", "data_dir = \"" + ethos.getParent().getParent().toAbsolutePath() + "\""));
    TrainConfig config = TrainConfig.parse("recipe = \"" + recipe + "\"\n"
        + "model.ref = \"" + CheckpointFixtures.SMALL_ENCODER + "\"\n"
        + "training { reg_params = [0.01, 0.1], max_iter = 40 }\n"
        + "benchmark { cv_folds = 3, max_rows = 200, report = \"" + dir.resolve("report.json") + "\" }");
    SparkSession spark = TestSpark.start("AgileBenchmarkTest");
    try {
      AgileBenchmark.Report report = AgileBenchmark.run(config, new RecipeData(config.recipe(), config.dataDir()), spark);
      assertEquals(200, report.texts());
      AgileBenchmark.LabelReport hate = report.labels().get(0);
      assertEquals(3, hate.folds().size());
      assertEquals(200, hate.folds().stream().mapToLong(AgileBenchmark.Fold::testRows).sum(), "every text tested once");
      assertTrue(hate.mean(AgileBenchmark.Fold::rocAuc) > 0.7, AgileBenchmark.format(report, null));
      assertTrue(Files.isRegularFile(dir.resolve("report.json")));
    } finally {
      TestSpark.stop(spark);
    }
  }

  /** A label with one positive leaves four of five test folds without one: refused before any embedding. */
  @Test
  void aLabelTooThinForTheFoldsIsRefusedNamingIt() throws IOException {
    StringBuilder rows = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      rows.append("{\"t\": \"comment number ").append(i).append("\", \"x\": ").append(i == 7 ? 1 : 0)
          .append(", \"y\": ").append(i % 2).append("}\n");
    }
    Files.writeString(dir.resolve("thin.jsonl"), rows);
    Path recipe = Files.writeString(dir.resolve("thin.conf"), "recipe { name = thin, encoder = \""
        + CheckpointFixtures.SMALL_ENCODER + "\", categories = [common, rare], data_dir = \"" + dir + "\"\n"
        + "sources = [{ name = s, path = thin.jsonl, text = t, labels { common = \"y = 1\", rare = \"x = 1\" } }] }");
    TrainConfig config = TrainConfig.parse("recipe = \"" + recipe + "\"\nbenchmark.cv_folds = 5");
    SparkSession spark = TestSpark.start("AgileBenchmarkTest");
    try {
      dev.winnow.jobs.config.ConfigError e = org.junit.jupiter.api.Assertions.assertThrows(
          dev.winnow.jobs.config.ConfigError.class,
          () -> AgileBenchmark.run(config, new RecipeData(config.recipe(), config.dataDir()), spark));
      assertEquals("benchmark.cv_folds", e.key());
      assertTrue(e.getMessage().contains("label 'rare'") && e.getMessage().contains("1 positives in all"), e.getMessage());
    } finally {
      TestSpark.stop(spark);
    }
  }
}
