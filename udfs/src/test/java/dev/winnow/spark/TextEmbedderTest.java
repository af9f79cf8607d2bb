package dev.winnow.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winnow.runtime.InferenceOptions;
import dev.winnow.runtime.Models;
import dev.winnow.runtime.TextEncoder;
import dev.winnow.runtime.testing.CheckpointFixtures;
import dev.winnow.spark.testing.TestSpark;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The embedder on the real imported all-MiniLM-L6-v2 encoder, against direct embed calls. */
class TextEmbedderTest {

  private static final StructType INPUT = new StructType()
      .add("id", DataTypes.IntegerType, false)
      .add("text", DataTypes.StringType, true);

  private static final List<String> TEXTS = Arrays.asList(
      "you are wonderful", null, "I will hurt you", "", "the weather is nice today", "   ",
      "go away, nobody likes you", "thanks for the help");

  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = TestSpark.start("TextEmbedderTest");
    TestSpark.forgetModels();
  }

  @AfterAll
  static void stop() {
    TestSpark.stop(spark);
  }

  private static Dataset<Row> input(int partitions) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < TEXTS.size(); i++) {
      rows.add(RowFactory.create(i, TEXTS.get(i)));
    }
    return spark.createDataFrame(
        JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, partitions), INPUT);
  }

  @Test
  void embedsLikeDirectCallsWithOneLoadPerJvm() {
    TextEmbedder embedder = new TextEmbedder()
        .setEncoderRef(CheckpointFixtures.SMALL_ENCODER)
        .setOutputCol("emb")
        .setChunkRows(2);
    Dataset<Row> out = embedder.transform(input(3));
    assertEquals(SQLDataTypes.VectorType(), out.schema().apply("emb").dataType());
    List<Row> rows = out.orderBy("id").collectAsList();

    assertEquals(1, ExecutorModelCache.loads(), "three partitions, two tasks at a time, one load");
    try (TextEncoder direct = Models.loadEncoder(CheckpointFixtures.SMALL_ENCODER, InferenceOptions.DEFAULTS)) {
      for (Row row : rows) {
        String text = row.getAs("text");
        Vector actual = row.getAs("emb");
        if (text == null || text.isBlank()) {
          assertNull(actual, "row " + row.getAs("id"));
          continue;
        }
        float[] expected = direct.embed(List.of(text)).get(0);
        assertNotNull(actual, text);
        assertEquals(expected.length, actual.size(), text);
        for (int d = 0; d < expected.length; d++) {
          assertEquals(expected[d], actual.apply(d), 1e-5, text + " [" + d + "]");
        }
      }
    }
  }

  @Test
  void schemaErrorsNameTheColumn() {
    TextEmbedder embedder = new TextEmbedder().setEncoderRef(CheckpointFixtures.SMALL_ENCODER);
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> embedder.setTextCol("body").transformSchema(INPUT));
    assertTrue(missing.getMessage().contains("'body'"), missing.getMessage());
    IllegalArgumentException clash = assertThrows(IllegalArgumentException.class,
        () -> embedder.setTextCol("text").setOutputCol("ID").transformSchema(INPUT));
    assertTrue(clash.getMessage().contains("'id'"), clash.getMessage());
    IllegalArgumentException unset = assertThrows(IllegalArgumentException.class,
        () -> new TextEmbedder().transformSchema(INPUT));
    assertTrue(unset.getMessage().contains("encoderRef"), unset.getMessage());
  }
}
