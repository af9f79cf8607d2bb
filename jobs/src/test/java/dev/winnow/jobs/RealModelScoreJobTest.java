package dev.winnow.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winnow.jobs.config.ScoreConfig;
import dev.winnow.jobs.metrics.RunMetrics;
import dev.winnow.jobs.testing.DeltaTestSpark;
import dev.winnow.runtime.Models;
import dev.winnow.runtime.TextClassifier;
import dev.winnow.runtime.testing.CheckpointFixtures;
import dev.winnow.runtime.testing.CheckpointFixtures.Architecture;
import dev.winnow.spark.ClassifierFactory;
import dev.winnow.spark.ExecutorModelCache;
import dev.winnow.spark.testing.ScoredRows;
import dev.winnow.spark.testing.TestSpark;
import dev.winnow.spark.testing.TestTexts;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The score job through the production factory ({@link Models}): a tiny seeded BERT classifier,
 * and a head with known weights on the real imported all-MiniLM-L6-v2 encoder.
 */
class RealModelScoreJobTest {

  @TempDir static Path dir;
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = DeltaTestSpark.start("RealModelScoreJobTest");
    TestSpark.forgetModels();
  }

  @AfterAll
  static void stop() {
    TestSpark.stop(spark);
  }

  @Test
  void scoresWithTheRealRuntime() {
    Path checkpoint = CheckpointFixtures.sequenceClassifier(dir.resolve("bert"), Architecture.BERT,
        List.of("toxic", "Self-Harm", "hate speech"), "multi_label_classification", 7);
    Path input = dir.resolve("posts.parquet");
    spark.createDataset(TestTexts.sample(), Encoders.STRING()).toDF("text").repartition(4)
        .write().parquet(input.toString());
    Path out = dir.resolve("scored");

    ScoreConfig config = ScoreConfig.parse("input.path = \"" + input + "\"\n"
        + "output.path = \"" + out + "\"\n"
        + "model { ref = \"" + checkpoint + "\", max_tokens = 16, stride = 4, long_text = chunk }\n"
        + "thresholds.default = 0.5");
    RunMetrics metrics = ScoreJob.run(config, spark, ClassifierFactory.models());

    assertEquals(1, ExecutorModelCache.loads());
    assertEquals(40, metrics.rows());
    assertEquals(25, metrics.scoredRows());
    List<Row> rows = spark.read().format("delta").load(out.toString()).collectAsList();
    try (TextClassifier direct = Models.load(checkpoint.toString(), config.model().resolvedOptions())) {
      ScoredRows.assertMatchDirectClassify(rows, "text", "score_", direct, new float[] {0.5f, 0.5f, 0.5f}, 1e-5f);
    }
    assertTrue(rows.stream().anyMatch(r -> r.<Integer>getAs("n_windows") > 1), "long texts chunked");
  }

  @ParameterizedTest
  @ValueSource(strings = {"parquet", "delta"})
  void scoresWithAHeadOnTheImportedEncoder(String format) {
    Path head = dir.resolve("head");
    if (!java.nio.file.Files.exists(head)) {
      CheckpointFixtures.headOnBundledEncoder(head, List.of("hate", "toxic", "harmful_request"), 5);
    }
    Path input = dir.resolve("posts-" + format);
    spark.createDataset(TestTexts.sample(), Encoders.STRING()).toDF("text").repartition(3)
        .write().format(format).save(input.toString());
    Path out = dir.resolve("scored-" + format);

    ScoreConfig config = ScoreConfig.parse("input.path = \"" + input + "\"\n"
        + "output.path = \"" + out + "\"\n"
        + "model.ref = \"" + head + "\"\n"
        + "thresholds { default = 0.5, labels { toxic = 0.3 } }");
    RunMetrics metrics = ScoreJob.run(config, spark, ClassifierFactory.models());

    assertEquals(40, metrics.rows());
    List<Row> rows = spark.read().format("delta").load(out.toString()).collectAsList();
    assertEquals(40, rows.size());
    try (TextClassifier direct = Models.load(head.toString(), config.model().resolvedOptions())) {
      ScoredRows.assertMatchDirectClassify(rows, "text", "score_", direct, new float[] {0.5f, 0.3f, 0.5f}, 1e-5f);
    }
  }
}
