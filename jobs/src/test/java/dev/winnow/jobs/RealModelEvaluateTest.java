package dev.winnow.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winnow.jobs.config.EvaluateConfig;
import dev.winnow.jobs.evaluation.CategoryEvaluation;
import dev.winnow.jobs.evaluation.EvaluationReport;
import dev.winnow.jobs.testing.DeltaTestSpark;
import dev.winnow.runtime.Models;
import dev.winnow.runtime.TextClassifier;
import dev.winnow.runtime.TextScore;
import dev.winnow.runtime.testing.CheckpointFixtures;
import dev.winnow.runtime.testing.SharedData;
import dev.winnow.spark.ClassifierFactory;
import dev.winnow.spark.testing.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Evaluate through the real runtime on real labels: Jigsaw's test rows (multi-line CSV, -1 = not
 * scored) against a seeded head on the bundled all-MiniLM-L6-v2 encoder. The numbers mean nothing;
 * the path (CSV quirks, unknowns, real scores, charts) is the point. The report is left in
 * {@code target/evaluate-jigsaw} for a person to open.
 */
class RealModelEvaluateTest {

  private static final List<String> JIGSAW = List.of("toxic", "severe_toxic", "obscene", "threat", "insult", "identity_hate");

  @TempDir static Path dir;
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = DeltaTestSpark.start("RealModelEvaluateTest");
  }

  @AfterAll
  static void stop() {
    TestSpark.stop(spark);
  }

  @Test
  void jigsawTestRowsWithAHeadOnTheBundledEncoder() throws Exception {
    Path csv = SharedData.require("jigsaw-toxic-dummy-detoxify/test.csv");
    Path head = CheckpointFixtures.headOnBundledEncoder(dir.resolve("head"), JIGSAW, 11);
    Path out = Path.of("target", "evaluate-jigsaw").toAbsolutePath();
    EvaluateConfig config = EvaluateConfig.parse("input { path = \"" + csv + "\", text_column = comment_text,"
        + " id_column = id, csv { multiLine = true, escape = \"\\\"\" } }\n"
        + "labels.columns = " + JIGSAW + "\n"
        + "model { ref = \"" + head + "\", max_tokens = 128 }\n"  // long comments: keep the test quick
        + "output { path = \"" + out + "\", mode = overwrite, runs_table = \"" + dir.resolve("runs") + "\" }");

    EvaluationReport r = EvaluateJob.run(config, spark, ClassifierFactory.models());

    assertEquals(51, r.rows());
    CategoryEvaluation toxic = r.categories().get(0);
    // NOTES.txt: 25 rows all -1, 26 scored rows of which 2 toxic
    assertEquals(25, toxic.unknown());
    assertEquals(2, toxic.positives());
    assertEquals(24, toxic.negatives());
    assertEquals(mannWhitneyAuc(csv, head, config, "toxic"), toxic.rocAuc(), 1e-9);
    CategoryEvaluation any = r.categories().get(JIGSAW.size());
    assertEquals(25, any.unknown());
    assertTrue(Files.isRegularFile(out.resolve("report.html")));
    assertTrue(Files.isRegularFile(out.resolve("pr_toxic.png")));
    assertTrue(Files.isRegularFile(out.resolve("hist_any.png")));
  }

  /**
   * ROC-AUC by its definition, outside Spark and the metrics code: the runtime scores each scored
   * row, and every (positive, negative) pair counts 1 when the positive scores higher, 1/2 on a tie.
   */
  private static double mannWhitneyAuc(Path csv, Path head, EvaluateConfig config, String label) throws Exception {
    List<Row> rows = spark.read().option("header", true).option("multiLine", true).option("escape", "\"")
        .csv(csv.toString()).select("comment_text", label).collectAsList();
    List<String> texts = new ArrayList<>();
    List<Boolean> positive = new ArrayList<>();
    for (Row row : rows) {
      if (!"-1".equals(row.getString(1))) {
        texts.add(row.getString(0));
        positive.add("1".equals(row.getString(1)));
      }
    }
    List<TextScore> scores;
    try (TextClassifier model = Models.load(head.toString(), config.source().model().orElseThrow().resolvedOptions())) {
      scores = model.classify(texts);
    }
    int column = JIGSAW.indexOf(label);
    double wins = 0;
    long pairs = 0;
    for (int p = 0; p < texts.size(); p++) {
      for (int n = 0; n < texts.size(); n++) {
        if (positive.get(p) && !positive.get(n)) {
          float sp = scores.get(p).scores()[column];
          float sn = scores.get(n).scores()[column];
          wins += sp > sn ? 1 : sp == sn ? 0.5 : 0;
          pairs++;
        }
      }
    }
    assertEquals(2 * 24, pairs);
    return wins / pairs;
  }
}
