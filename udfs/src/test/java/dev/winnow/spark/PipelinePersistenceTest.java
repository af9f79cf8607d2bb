package dev.winnow.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.winnow.runtime.InferenceOptions;
import dev.winnow.runtime.LongTextPolicy;
import dev.winnow.runtime.WindowAggregation;
import dev.winnow.runtime.testing.CheckpointFixtures;
import dev.winnow.runtime.testing.CheckpointFixtures.Architecture;
import dev.winnow.spark.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
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

/** Winnow stages in a saved MLlib pipeline: what comes back scores and embeds as what was saved. */
class PipelinePersistenceTest {

  private static final StructType INPUT = new StructType()
      .add("id", DataTypes.LongType, false)
      .add("body", DataTypes.StringType, true);

  private static SparkSession spark;

  @TempDir
  static Path dir;

  @BeforeAll
  static void start() {
    spark = TestSpark.start("PipelinePersistenceTest");
  }

  @AfterAll
  static void stop() {
    TestSpark.stop(spark);
  }

  @Test
  void savedPipelineGivesTheSameOutput() throws IOException {
    Path classifier = CheckpointFixtures.sequenceClassifier(
        dir.resolve("classifier"), Architecture.BERT, List.of("toxic", "hate"), "multi_label_classification", 11);
    // Not the defaults, so a stage that forgot a param on load would differ.
    InferenceOptions chunked = InferenceOptions.DEFAULTS
        .withLongText(LongTextPolicy.CHUNK, 4, 3, WindowAggregation.MEAN).withMaxTokens(12);
    TextEmbedder embedder = new TextEmbedder()
        .setTextCol("body").setOutputCol("embedding").setEncoderRef(CheckpointFixtures.SMALL_ENCODER)
        .setInferenceOptions(chunked).setDevice("auto").setChunkRows(3);
    SafetyScorer scorer = new SafetyScorer()
        .setTextCol("body").setIdCol("id").setModelRef(classifier.toString())
        .setThreshold(0.6).setLabelThresholds(Map.of("hate", 0.25)).setMaxTokens(10).setStride(2).setChunkRows(2)
        .setOutputPrefix("p_");
    Dataset<Row> input = input();
    PipelineModel fitted = new Pipeline().setStages(new PipelineStage[] {embedder, scorer}).fit(input);

    String path = dir.resolve("pipeline").toString();
    fitted.write().save(path);
    PipelineModel loaded = PipelineModel.load(path);

    TextEmbedder loadedEmbedder = assertInstanceOf(TextEmbedder.class, loaded.stages()[0]);
    SafetyScorer loadedScorer = assertInstanceOf(SafetyScorer.class, loaded.stages()[1]);
    assertEquals(embedder.uid(), loadedEmbedder.uid());
    assertEquals(chunked, loadedEmbedder.getInferenceOptions());
    assertEquals(DeviceRequest.AUTO, loadedEmbedder.getDeviceRequest());
    assertEquals(scorer.getThresholds(), loadedScorer.getThresholds());
    assertEquals(scorer.getInferenceOptions(), loadedScorer.getInferenceOptions());
    assertEquals(fitted.transform(input).schema(), loaded.transform(input).schema());
    List<String> expected = rows(fitted.transform(input));
    assertEquals(expected, rows(loaded.transform(input)));
    assertNotEquals(rows(new PipelineModel("other", new org.apache.spark.ml.Transformer[] {
        embedder, scorer.copy(new org.apache.spark.ml.param.ParamMap()).setThreshold(0.01)}).transform(input)),
        expected, "the thresholds reach the flags, so the comparison above can fail");
  }

  private static Dataset<Row> input() {
    List<Row> rows = new ArrayList<>();
    List<String> texts = Arrays.asList("you are awful and I hate you", null, "  ",
        "a long text that needs more than one window of twelve tokens to be read from start to end",
        "thanks, that helped a lot", "idiots everywhere");
    for (int i = 0; i < texts.size(); i++) {
      rows.add(RowFactory.create((long) i, texts.get(i)));
    }
    return spark.createDataFrame(rows, INPUT);
  }

  private static List<String> rows(Dataset<Row> frame) {
    return frame.orderBy("id").collectAsList().stream().map(Row::toString).toList();
  }
}
