package dev.winnow.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.winnow.jobs.config.ConfigError;
import dev.winnow.jobs.config.EvaluateConfig;
import dev.winnow.jobs.evaluation.CategoryEvaluation;
import dev.winnow.jobs.evaluation.EvaluationReport;
import dev.winnow.jobs.evaluation.EvaluationSummary;
import dev.winnow.jobs.testing.DeltaTestSpark;
import dev.winnow.runtime.InferenceOptions;
import dev.winnow.runtime.TextScore;
import dev.winnow.spark.testing.FakeClassifier;
import dev.winnow.spark.testing.FakeFactory;
import dev.winnow.spark.testing.TestSpark;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluateJobTest {

  @TempDir static Path data;
  @TempDir Path work;
  private static SparkSession spark;
  private static Path sample;

  @BeforeAll
  static void start() throws IOException {
    spark = DeltaTestSpark.start("EvaluateJobTest");
    sample = LabeledSample.write(data);
  }

  @AfterAll
  static void stop() {
    TestSpark.stop(spark);
  }

  private EvaluationReport run(String settings) {
    return EvaluateJob.run(EvaluateConfig.parse(LabeledSample.settings(sample) + settings), spark, new FakeFactory());
  }

  @Test
  void metricsMatchHandAndNaiveComputations() throws IOException {
    Path out = work.resolve("eval");
    EvaluationReport r = run("output.path = \"" + out + "\"\nthresholds.labels { \"Self-Harm\" = 0.3 }");
    assertEquals(10, r.rows());
    assertEquals(List.of("toxic", "self_harm", "any"), r.categories().stream().map(CategoryEvaluation::name).toList());
    assertTrue(r.notes().stream().anyMatch(n -> n.contains("hate_speech")), r.notes().toString());

    // toxic by hand: known and scored rows 1-7 and 10; scores/labels
    // 0/N .25/N .5/P 1/P .5/N .75/P 0/P 0/N; at 0.5 rows 3, 4, 6 (P) and 5 (N) flag.
    CategoryEvaluation toxic = r.categories().get(0);
    assertEquals(List.of(4L, 4L, 1L, 1L), List.of(toxic.positives(), toxic.negatives(), toxic.unknown(), toxic.unscored()));
    assertEquals(List.of(3L, 1L, 3L, 1L), List.of(toxic.tp(), toxic.fp(), toxic.tn(), toxic.fn()));
    assertEquals(0.75, toxic.precision(), 1e-12);
    assertEquals(0.75, toxic.recall(), 1e-12);
    assertEquals(0.75, toxic.f1(), 1e-12);
    // pairs won by positives: .5 -> 3.5, 1 -> 4, .75 -> 4, 0 -> 1 (two ties); 12.5 / 16
    assertEquals(0.78125, toxic.rocAuc(), 1e-9);
    // PR points (R, P) by threshold: 1 (.25, 1), .75 (.5, 1), .5 (.75, .75), .25 (.75, .6), 0 (1, .5);
    // average precision weighs each recall step of .25 by its precision: .25 (1 + 1 + .75 + .5) = .8125
    // (MLlib's trapezoids from (0, 1) would give .85625)
    assertEquals(0.8125, toxic.averagePrecision(), 1e-9);
    assertEquals(0.75, toxic.bestF1(), 1e-12);
    assertEquals(0.5, toxic.bestF1Threshold(), 1e-7);

    // any: flagged when toxic >= .5 or self_harm >= .3; rows 3 4 6 10 (P) and 5 (N) flag, 7 (P) does not
    CategoryEvaluation any = r.categories().get(2);
    assertNull(any.threshold());
    assertEquals(List.of(4L, 1L, 2L, 1L), List.of(any.tp(), any.fp(), any.tn(), any.fn()));

    List<Row> rows = spark.read().json(sample.toString()).orderBy("id").collectAsList();
    for (CategoryEvaluation c : r.categories()) {
      assertMatchesNaive(c, rows, new float[] {0.5f, 0.3f});
    }

    String summary = EvaluationSummary.format(r);
    assertTrue(summary.contains("toxic") && summary.contains("0.781") && summary.contains("hate_speech"), summary);

    JsonObject json = JsonParser.parseString(Files.readString(out.resolve("report.json"))).getAsJsonObject();
    assertEquals(r.runId(), json.get("run_id").getAsString());
    assertEquals(FakeClassifier.INFO.id(), json.get("model").getAsString());
    assertEquals(0.78125, json.getAsJsonArray("categories").get(0).getAsJsonObject().get("roc_auc").getAsDouble(), 1e-9);
    assertTrue(json.getAsJsonArray("categories").get(2).getAsJsonObject().get("threshold").isJsonNull());

    List<Row> history = spark.read().format("delta").load(work.resolve("winnow_evaluations").toString()).collectAsList();
    assertEquals(1, history.size());
    Row run = history.get(0);
    assertEquals(r.runId(), run.getAs("run_id"));
    assertEquals(sample.toString(), run.getAs("data_path"));
    List<Row> categories = run.getList(run.fieldIndex("categories"));
    assertEquals(3L, (long) categories.get(0).<Long>getAs("tp"));
    assertEquals(toxic.averagePrecision(), categories.get(0).<Double>getAs("average_precision"));

    String html = Files.readString(out.resolve("report.html"));
    for (String name : List.of("toxic", "self_harm", "any")) {
      assertTrue(html.contains("src=\"pr_" + name + ".png\"") && html.contains("src=\"hist_" + name + ".png\""), html);
      assertChart(out.resolve("pr_" + name + ".png"));
      assertChart(out.resolve("hist_" + name + ".png"));
    }
    assertTrue(html.contains("0.781"), "metrics table");
  }

  /** Decodes a PNG: the chart's size, and more than background and a frame in it. */
  private static void assertChart(Path png) throws IOException {
    BufferedImage image = ImageIO.read(png.toFile());
    assertEquals(560, image.getWidth(), png.toString());
    assertEquals(400, image.getHeight(), png.toString());
    Set<Integer> colors = new HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 2) {
      for (int x = 0; x < image.getWidth(); x += 2) {
        colors.add(image.getRGB(x, y));
      }
    }
    assertTrue(colors.size() > 20, png + " has only " + colors.size() + " colors");
    // the red (positive) series is drawn
    assertTrue(colors.stream().anyMatch(c -> ((c >> 16) & 0xFF) > 180 && ((c >> 8) & 0xFF) < 90 && (c & 0xFF) < 90), png.toString());
  }

  /** Every count and ratio recomputed row by row from a direct classify call. */
  private static void assertMatchesNaive(CategoryEvaluation c, List<Row> rows, float[] thresholds) {
    FakeClassifier model = new FakeClassifier(InferenceOptions.DEFAULTS);
    List<double[]> pairs = new ArrayList<>();
    long tp = 0, fp = 0, tn = 0, fn = 0, unknown = 0;
    for (Row row : rows) {
      Integer toxic = row.isNullAt(row.fieldIndex("toxic")) || row.<Long>getAs("toxic") == -1 ? null
          : row.<Long>getAs("toxic").intValue();
      Integer harm = row.isNullAt(row.fieldIndex("Self Harm")) ? null : row.<Boolean>getAs("Self Harm") ? 1 : 0;
      Integer label = switch (c.name()) {
        case "toxic" -> toxic;
        case "self_harm" -> harm;
        default -> (toxic != null && toxic == 1) || (harm != null && harm == 1) ? Integer.valueOf(1)
            : toxic == null || harm == null ? null : 0;
      };
      if (label == null) {
        unknown++;
        continue;
      }
      String text = row.getAs("text");
      if (text == null) {
        continue;
      }
      TextScore s = model.classify(List.of(text)).get(0);
      double score;
      boolean flag;
      switch (c.name()) {
        case "toxic" -> { score = s.scores()[0]; flag = s.scores()[0] >= thresholds[0]; }
        case "self_harm" -> { score = s.scores()[1]; flag = s.scores()[1] >= thresholds[1]; }
        default -> {
          score = Math.max(s.scores()[0], s.scores()[1]);
          flag = s.scores()[0] >= thresholds[0] || s.scores()[1] >= thresholds[1];
        }
      }
      pairs.add(new double[] {score, label});
      if (flag) {
        if (label == 1) tp++; else fp++;
      } else {
        if (label == 1) fn++; else tn++;
      }
    }
    String what = c.name();
    assertEquals(List.of(tp, fp, tn, fn, unknown), List.of(c.tp(), c.fp(), c.tn(), c.fn(), c.unknown()), what);
    assertEquals((double) tp / (tp + fp), c.precision(), 1e-12, what);
    assertEquals((double) tp / (tp + fn), c.recall(), 1e-12, what);
    // ROC AUC as the share of (positive, negative) pairs ranked right, ties counting half
    double won = 0;
    long n = 0;
    for (double[] p : pairs) {
      for (double[] q : pairs) {
        if (p[1] == 1 && q[1] == 0) {
          won += p[0] > q[0] ? 1 : p[0] == q[0] ? 0.5 : 0;
          n++;
        }
      }
    }
    assertEquals(won / n, c.rocAuc(), 1e-9, what);
    // average precision as the mean over positives of the precision among rows scoring at least as high
    double precisions = 0;
    long positives = 0;
    for (double[] p : pairs) {
      if (p[1] == 1) {
        long above = pairs.stream().filter(q -> q[0] >= p[0]).count();
        long positiveAbove = pairs.stream().filter(q -> q[0] >= p[0] && q[1] == 1).count();
        precisions += (double) positiveAbove / above;
        positives++;
      }
    }
    assertEquals(precisions / positives, c.averagePrecision(), 1e-9, what);
  }

  @Test
  void alreadyScoredInputNeedsNoModel() throws IOException {
    Path scored = Files.writeString(work.resolve("scored.jsonl"), """
        {"id": 1, "text": "a", "score_toxic": 0.9, "toxic": 1, "model": "m@1"}
        {"id": 2, "text": "b", "score_toxic": 0.2, "toxic": 0, "model": "m@1"}
        {"id": 3, "text": "c", "score_toxic": 0.6, "toxic": 0, "model": "m@1"}
        """);
    EvaluationReport r = EvaluateJob.run(EvaluateConfig.parse("input { path = \"" + scored + "\", scored = true }\n"
        + "labels.columns = [toxic]\noutput.path = \"" + work.resolve("e") + "\""), spark, new FakeFactory());
    assertEquals("m@1", r.model());
    CategoryEvaluation toxic = r.categories().get(0);
    assertEquals(List.of(1L, 1L, 1L, 0L), List.of(toxic.tp(), toxic.fp(), toxic.tn(), toxic.fn()));
    assertEquals(1.0, toxic.rocAuc(), 1e-12);

    ConfigError noScores = assertThrows(ConfigError.class, () -> EvaluateJob.run(EvaluateConfig.parse(
        "input { path = \"" + sample + "\", scored = true }\nlabels.columns = [toxic]\noutput.path = \""
            + work.resolve("f") + "\""), spark, new FakeFactory()));
    assertEquals("input.scored", noScores.key());
  }

  @Test
  void settingsAreCheckedBeforeWork() {
    Path out = work.resolve("never");
    assertEquals("labels.columns", assertThrows(ConfigError.class,
        () -> EvaluateConfig.parse("input.path = x\nmodel.ref = y\noutput.path = z")).key());
    assertEquals("labels.colums", assertThrows(ConfigError.class,
        () -> EvaluateConfig.parse(LabeledSample.settings(sample) + "labels.colums = [a]\noutput.path = z")).key());
    assertEquals("thresholds.labels", assertThrows(ConfigError.class,
        () -> run("output.path = \"" + out + "\"\nthresholds.labels.violence = 0.2")).key());
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
        () -> run("output.path = \"" + out + "\"\nlabels.columns = [toxic, id]"));
    assertTrue(unknown.getMessage().contains("'id'"), unknown.getMessage());
    assertTrue(!Files.exists(out));
    run("output.path = \"" + out + "\"");
    assertEquals("output.path", assertThrows(ConfigError.class, () -> run("output.path = \"" + out + "\"")).key());
    run("output { path = \"" + out + "\", mode = overwrite }");
  }
}
