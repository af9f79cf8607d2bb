package dev.winnow.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winnow.runtime.InferenceOptions;
import dev.winnow.runtime.TextScore;
import dev.winnow.spark.testing.FakeClassifier;
import dev.winnow.spark.testing.FakeFactory;
import dev.winnow.spark.testing.TestSpark;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class WinnowUdfsTest {

  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = TestSpark.start("WinnowUdfsTest");
    TestSpark.forgetModels();
  }

  @AfterAll
  static void stop() {
    TestSpark.stop(spark);
  }

  @Test
  void sqlFunctionReturnsTheScorersColumnsAsAStruct() {
    WinnowUdfs.register(spark, "winnow_score", FakeClassifier.REF, InferenceOptions.DEFAULTS,
        Thresholds.of(0.5).with("toxic", 0.3), new FakeFactory());
    List<String> texts = new ArrayList<>(SafetyScorerTest.texts());
    Dataset<Row> input = spark.createDataset(texts, Encoders.STRING()).toDF("text").repartition(4);
    input.createOrReplaceTempView("posts");

    Dataset<Row> viaUdf = spark.sql("SELECT text, s.* FROM (SELECT text, winnow_score(text) AS s FROM posts)");
    Dataset<Row> viaScorer = new SafetyScorer()
        .setModelRef(FakeClassifier.REF)
        .setClassifierFactory(new FakeFactory())
        .setLabelThresholds(java.util.Map.of("toxic", 0.3))
        .transform(input);
    assertEquals(viaScorer.schema().toString(), viaUdf.schema().toString());
    assertEquals(0, viaUdf.exceptAll(viaScorer).count());
    assertEquals(0, viaScorer.exceptAll(viaUdf).count());

    Row nullRow = spark.sql("SELECT winnow_score(CAST(NULL AS STRING)) AS s").first().getStruct(0);
    assertEquals(TextScore.NULL_TEXT, nullRow.getString(nullRow.fieldIndex("skip_reason")));
    assertFalse(nullRow.getBoolean(nullRow.fieldIndex("flagged")));
    Row loud = spark.sql("SELECT winnow_score('no!!') AS s").first().getStruct(0);
    assertEquals(0.5f, loud.getFloat(loud.fieldIndex("score_toxic")));
    assertTrue(loud.getList(loud.fieldIndex("flags")).contains("toxic"));
    assertEquals(1, ExecutorModelCache.loads());
  }
}
