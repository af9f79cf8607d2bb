package dev.winnow.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winnow.runtime.InferenceOptions;
import dev.winnow.runtime.LongTextPolicy;
import dev.winnow.runtime.Models;
import dev.winnow.runtime.TextClassifier;
import dev.winnow.runtime.WindowAggregation;
import dev.winnow.runtime.testing.CheckpointFixtures;
import dev.winnow.runtime.testing.CheckpointFixtures.Architecture;
import dev.winnow.spark.testing.FakeClassifier;
import dev.winnow.spark.testing.FakeFactory;
import dev.winnow.spark.testing.ScoredRows;
import dev.winnow.spark.testing.TestSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code contextCol}: each response judged with its prompt, on a tiny BERT pair classifier. */
class SafetyScorerPairsTest {

  private static final StructType INPUT = new StructType()
      .add("id", DataTypes.LongType, false)
      .add("prompt", DataTypes.StringType, true)
      .add("response", DataTypes.StringType, true)
      .add("turn", DataTypes.IntegerType, true);

  /** Chunked windows, so long responses are windowed with the prompt repeated. */
  private static final InferenceOptions OPTIONS = InferenceOptions.DEFAULTS
      .withLongText(LongTextPolicy.CHUNK, 4, 8, WindowAggregation.MAX)
      .withBatchTokens(256);

  @TempDir static Path dir;
  private static Path model;
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    model = CheckpointFixtures.sequenceClassifier(dir.resolve("pair-bert"), Architecture.BERT,
        List.of("harmful response", "refusal"), "multi_label_classification", 13);
    spark = TestSpark.start("SafetyScorerPairsTest");
    ExecutorModelCache.closeAll();
  }

  @AfterAll
  static void stop() {
    TestSpark.stop(spark);
  }

  private static List<Row> rows() {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      String prompt = switch (i % 6) {
        case 0 -> null;
        case 1 -> "  ";
        case 2 -> "how do I get into my neighbour's wifi without the password? " + "please ".repeat(i);
        default -> "question number " + i;
      };
      String response = switch (i % 8) {
        case 3 -> null;
        case 5 -> "";
        case 6 -> "here is a very long answer that goes on and on about routers and passwords ".repeat(2) + i;
        default -> "I can't help with that, answer " + i;
      };
      rows.add(RowFactory.create((long) i, prompt, response, i));
    }
    return rows;
  }

  private static Dataset<Row> input(int partitions) {
    return spark.createDataFrame(
        JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows(), partitions), INPUT);
  }

  private static SafetyScorer scorer() {
    return new SafetyScorer()
        .setModelRef(model.toString())
        .setTextCol("response")
        .setContextCol("prompt")
        .setInferenceOptions(OPTIONS);
  }

  @Test
  void valuesEqualDirectClassifyPairsCalls() {
    SafetyScorer scorer = scorer().setIdCol("id").setChunkRows(5);
    Dataset<Row> out = scorer.transform(input(3));
    assertEquals(scorer.transformSchema(INPUT), out.schema());
    List<Row> scored = out.orderBy("id").collectAsList();
    assertEquals(rows().size(), scored.size());
    try (TextClassifier direct = Models.load(model.toString(), OPTIONS)) {
      ScoredRows.assertMatchDirectClassifyPairs(scored, "prompt", "response", "score_", direct,
          new float[] {0.5f, 0.5f}, 1e-5f);
      ScoredRows.assertMatchDirectClassify(
          scored.stream().filter(r -> r.getAs("prompt") == null || r.<String>getAs("prompt").isBlank()).toList(),
          "response", "score_", direct, new float[] {0.5f, 0.5f}, 1e-5f);
      Row paired = scored.get(4);
      float alone = direct.classify(List.of(paired.<String>getAs("response"))).get(0).scores()[0];
      assertNotEquals(alone, paired.<Float>getAs("score_harmful_response"), 1e-4f, "the prompt must reach the model");
    }
    assertTrue(scored.stream().anyMatch(r -> r.<Integer>getAs("n_windows") > 1), "some responses windowed");
  }

  @Test
  void contextColumnMustExistAndHoldStrings() {
    var missing = assertThrows(IllegalArgumentException.class,
        () -> scorer().setContextCol("question").transformSchema(INPUT));
    assertTrue(missing.getMessage().contains("context column 'question'"), missing.getMessage());
    var wrongType = assertThrows(IllegalArgumentException.class,
        () -> scorer().setContextCol("turn").transform(input(1)));
    assertTrue(wrongType.getMessage().contains("'turn'") && wrongType.getMessage().contains("int"),
        wrongType.getMessage());
  }

  @Test
  void aModelWithoutPairsIsRefusedOnTheDriver() {
    long loads = ExecutorModelCache.loads();
    SafetyScorer single = scorer().setModelRef("builtin:winnow-safety-v1");
    var e = assertThrows(IllegalArgumentException.class, () -> single.transform(input(1)));
    assertTrue(e.getMessage().contains("'builtin:winnow-safety-v1'") && e.getMessage().contains("contextCol"),
        e.getMessage());
    var fake = assertThrows(IllegalArgumentException.class, () -> single.setModelRef(FakeClassifier.REF)
        .setClassifierFactory(new FakeFactory()).transformSchema(INPUT));
    assertTrue(fake.getMessage().contains(FakeClassifier.REF), fake.getMessage());
    assertEquals(loads, ExecutorModelCache.loads(), "the driver only describes");
  }
}
