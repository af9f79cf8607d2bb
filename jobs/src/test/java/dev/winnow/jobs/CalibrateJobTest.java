package dev.winnow.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winnow.jobs.config.CalibrateConfig;
import dev.winnow.jobs.config.ConfigError;
import dev.winnow.jobs.config.ScoreConfig;
import dev.winnow.jobs.evaluation.Calibration;
import dev.winnow.jobs.testing.DeltaTestSpark;
import dev.winnow.spark.testing.FakeFactory;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CalibrateJobTest {

  @TempDir static Path data;
  @TempDir Path work;
  private static SparkSession spark;
  private static Path sample;

  @BeforeAll
  static void start() throws IOException {
    spark = DeltaTestSpark.start("CalibrateJobTest");
    sample = LabeledSample.write(data);
  }

  @AfterAll
  static void stop() {
    TestSpark.stop(spark);
  }

  private CalibrateJob.Result run(String settings) {
    return CalibrateJob.run(CalibrateConfig.parse(LabeledSample.settings(sample) + settings), spark, new FakeFactory());
  }

  @Test
  void writtenThresholdsReachTheTargetRecallWhenScoring() throws IOException {
    Path file = work.resolve("thresholds.conf");
    CalibrateJob.Result result = run("output.path = \"" + file + "\"\n"
        + "calibrate { target_recall = 0.75, min_positives = 2 }\nthresholds.default = 0.6");
    // toxic positives score 1, .75, .5, 0: recall .75 first at .5. self_harm positives 1, 1, 1/3, .2: at 1/3.
    assertEquals(List.of("toxic", "self_harm"), result.calibrations().stream().map(Calibration::name).toList());
    assertEquals(0.5f, result.calibrations().get(0).threshold());
    assertEquals(1f / 3, result.calibrations().get(1).threshold());
    String text = Files.readString(file);
    assertTrue(text.contains("recall >= 0.75") && text.contains("positives 4") && text.contains("hate_speech"), text);

    // Through the score job's own thresholds.file path, on the same rows.
    Path scored = work.resolve("scored");
    ScoreConfig config = ScoreConfig.parse("input { path = \"" + sample + "\", id_column = id }\n"
        + "model.ref = \"test:fake\"\noutput.format = parquet\noutput.path = \"" + scored + "\"\nthresholds.file = \"" + file + "\"");
    assertEquals(0.6, config.thresholds().thresholds().defaultThreshold());
    assertEquals(Map.of("toxic", 0.5, "self_harm", 0.33333334), config.thresholds().thresholds().overrides());
    ScoreJob.run(config, spark, new FakeFactory());  // parquet: Delta refuses the column name "Self Harm"
    List<Row> rows = spark.read().parquet(scored.toString()).collectAsList();
    assertTrue(recall(rows, "toxic", "toxic") >= 0.75);
    assertTrue(recall(rows, "Self Harm", "self_harm") >= 0.75);
  }

  /** Recall of the score job's flags over rows with a known positive label and a score. */
  private static double recall(List<Row> rows, String labelColumn, String category) {
    long positives = 0;
    long found = 0;
    for (Row r : rows) {
      Object label = r.get(r.fieldIndex(labelColumn));
      boolean positive = label instanceof Boolean b ? b : label instanceof Long l && l == 1;
      if (positive && r.getAs("skip_reason") == null) {
        positives++;
        if (r.getList(r.fieldIndex("flags")).contains(category)) {
          found++;
        }
      }
    }
    return (double) found / positives;
  }

  @Test
  void bestF1AndTooFewPositives() throws IOException {
    Path file = work.resolve("f1.conf");
    CalibrateJob.Result result = run("output.path = \"" + file + "\"\n"
        + "calibrate { objective = f1, min_positives = 4 }\nthresholds.labels.toxic = 0.45");
    Calibration toxic = result.calibrations().get(0);
    // toxic F1 per threshold: 1 -> .4, .75 -> 4/6, .5 -> .75, .25 -> 6/9, 0 -> 8/12
    assertTrue(toxic.chosen());
    assertEquals(0.5f, toxic.threshold());
    assertEquals(0.75, toxic.precision(), 1e-12);

    CalibrateJob.Result guarded = run("output { path = \"" + file + "\", mode = overwrite }\n"
        + "calibrate.min_positives = 5\nthresholds.labels.toxic = 0.45");
    Calibration kept = guarded.calibrations().get(0);
    assertFalse(kept.chosen());
    assertEquals(0.45f, kept.threshold(), "the threshold in use is kept");
    assertTrue(Files.readString(file).contains("kept: 4 positives < calibrate.min_positives 5"));
    assertEquals("output.path", assertThrows(ConfigError.class, () -> run("output.path = \"" + file + "\"")).key());
    assertEquals("calibrate.objective", assertThrows(ConfigError.class,
        () -> CalibrateConfig.parse(LabeledSample.settings(sample) + "output.path = x\ncalibrate.objective = auc")).key());
  }
}
