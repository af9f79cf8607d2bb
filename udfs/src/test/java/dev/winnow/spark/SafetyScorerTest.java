package dev.winnow.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.winnow.runtime.EngineThreads;
import dev.winnow.runtime.InferenceOptions;
import dev.winnow.runtime.LongTextPolicy;
import dev.winnow.runtime.ModelInfo;
import dev.winnow.runtime.Precision;
import dev.winnow.runtime.TextClassifier;
import dev.winnow.runtime.TextScore;
import dev.winnow.runtime.WindowAggregation;
import dev.winnow.spark.testing.FakeClassifier;
import dev.winnow.spark.testing.FakeFactory;
import dev.winnow.spark.testing.ScoredRows;
import dev.winnow.spark.testing.TestTexts;
import dev.winnow.spark.testing.TestSpark;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SafetyScorerTest {

  private static final StructType INPUT = new StructType()
      .add("id", DataTypes.LongType, false)
      .add("text", DataTypes.StringType, true)
      .add("extra", DataTypes.IntegerType, true);

  /** Eight-token windows, so the long texts are truncated. */
  private static final InferenceOptions SMALL_WINDOW =
      InferenceOptions.DEFAULTS.withLongText(LongTextPolicy.TRUNCATE, 2, 16, WindowAggregation.MAX)
          .withMaxTokens(8);

  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = TestSpark.start("SafetyScorerTest");
  }

  @AfterAll
  static void stop() {
    TestSpark.stop(spark);
  }

  @BeforeEach
  void reset() {
    TestSpark.forgetModels();
    FakeClassifier.resetCounters();
  }

  static List<String> texts() {
    return TestTexts.sample();
  }

  private Dataset<Row> input(int partitions) {
    List<Row> rows = new ArrayList<>();
    List<String> texts = texts();
    for (int i = 0; i < texts.size(); i++) {
      rows.add(RowFactory.create((long) i, texts.get(i), i * 10));
    }
    var rdd = JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, partitions);
    return spark.createDataFrame(rdd, INPUT);
  }

  private static List<String> names(Param<?>[] params) {
    return Arrays.stream(params).map(Param::name).sorted().toList();
  }

  private static SafetyScorer scorer() {
    return new SafetyScorer()
        .setModelRef(FakeClassifier.REF)
        .setClassifierFactory(new FakeFactory());
  }

  @Test
  void schemaIsInputPlusScoreColumns() {
    StructType out = scorer().setOutputPrefix("p_").transformSchema(INPUT);
    assertEquals(List.of("id", "text", "extra", "p_toxic", "p_self_harm", "p_hate_speech", "flags",
            "flagged", "max_score", "n_tokens", "n_windows", "truncated", "model", "skip_reason"),
        Arrays.asList(out.fieldNames()));
    assertEquals(DataTypes.FloatType, out.apply("p_self_harm").dataType());
    assertEquals(DataTypes.createArrayType(DataTypes.StringType, false), out.apply("flags").dataType());
    assertEquals(DataTypes.BooleanType, out.apply("flagged").dataType());
    assertEquals(DataTypes.FloatType, out.apply("max_score").dataType());
    assertEquals(DataTypes.IntegerType, out.apply("n_tokens").dataType());
    assertEquals(DataTypes.IntegerType, out.apply("n_windows").dataType());
    assertEquals(DataTypes.BooleanType, out.apply("truncated").dataType());
    assertEquals(DataTypes.StringType, out.apply("model").dataType());
    assertEquals(DataTypes.StringType, out.apply("skip_reason").dataType());
  }

  @Test
  void valuesEqualDirectClassifyCalls() {
    InferenceOptions options = SMALL_WINDOW;
    SafetyScorer scorer = scorer()
        .setInferenceOptions(options)
        .setThreshold(0.5)
        .setLabelThresholds(Map.of("toxic", 0.25, "Self-Harm", 0.9))
        .setIdCol("id")
        .setChunkRows(3);
    Dataset<Row> out = scorer.transform(input(8));
    assertEquals(scorer.transformSchema(INPUT), out.schema());
    List<Row> rows = out.orderBy("id").collectAsList();

    List<String> texts = texts();
    assertEquals(texts.size(), rows.size());
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      assertEquals((long) i, row.getLong(0));
      assertEquals(texts.get(i), row.get(1));
      assertEquals(i * 10, row.getInt(2));
    }
    ScoredRows.assertMatchDirectClassify(rows, "text", "score_", options, new float[] {0.25f, 0.9f, 0.5f});
    assertTrue(rows.stream().anyMatch(r -> r.getBoolean(r.fieldIndex("truncated"))), "some truncated");
    assertTrue(rows.stream().anyMatch(r -> r.getBoolean(r.fieldIndex("flagged"))), "some flagged");
    // 8 partitions of 5 rows in chunks of 3: at most 16 classify calls for 40 rows, the one above
    // not counted.
    assertTrue(FakeClassifier.CLASSIFY_CALLS.get() - 40 <= 16, "classify calls: " + FakeClassifier.CLASSIFY_CALLS);
  }

  @Test
  void chunkingOptionsReachTheModel() {
    InferenceOptions options = SMALL_WINDOW.withLongText(LongTextPolicy.CHUNK, 2, 3, WindowAggregation.MEAN);
    List<Row> rows = scorer().setInferenceOptions(options).transform(input(2))
        .filter("id = 5").collectAsList();
    TextScore expected = new FakeClassifier(options).classify(List.of(texts().get(5))).get(0);
    assertEquals(expected.windows(), rows.get(0).getInt(rows.get(0).fieldIndex("n_windows")));
    assertTrue(expected.windows() > 1);
  }

  @Test
  void loadsOncePerJvmWhileConcurrentTasksShareTheModel() {
    SafetyScorer scorer = scorer().setClassifierFactory(new FakeFactory(300, 100)).setChunkRows(2);
    assertEquals(40, scorer.transform(input(8)).count());
    assertEquals(1, ExecutorModelCache.loads());
    assertTrue(FakeClassifier.MAX_CONCURRENT.get() >= 2,
        "tasks never overlapped: " + FakeClassifier.MAX_CONCURRENT);
  }

  /** Remembers the options of every load; local mode runs tasks in this JVM. */
  record RecordingFactory() implements ClassifierFactory {
    static final List<InferenceOptions> LOADED = new CopyOnWriteArrayList<>();

    @Override
    public TextClassifier load(String reference, InferenceOptions options) {
      LOADED.add(options);
      return new FakeFactory().load(reference, options);
    }

    @Override
    public ModelInfo describe(String reference) {
      return new FakeFactory().describe(reference);
    }
  }

  @Test
  void defaultAutoDeviceRunsOnTheCpuWhereSparkAssignsNoGpu() {
    RecordingFactory.LOADED.clear();
    SafetyScorer scorer = scorer().setClassifierFactory(new RecordingFactory());
    assertEquals(DeviceRequest.AUTO, scorer.getDeviceRequest());
    assertEquals(Device.cpu(), scorer.getInferenceOptions().device(), "what auto gives outside a GPU task");
    assertEquals(40, scorer.transform(input(2)).count());
    assertEquals(List.of(InferenceOptions.DEFAULTS), RecordingFactory.LOADED, "cpu, with the CPU batch budget");
  }

  @Test
  void eachTaskRunsTheEngineWithItsOwnCores() {
    int before = EngineThreads.intraOp();
    try {
      EngineThreads.setIntraOp(3); // what task threads would start with, left alone
      assertEquals(40, scorer().transform(input(4)).count());
      // spark.task.cpus is 1 here: concurrent tasks, one native thread each.
      assertEquals(Set.of(1), FakeClassifier.ENGINE_THREADS);
    } finally {
      EngineThreads.setIntraOp(before);
    }
  }

  @Test
  void driverDescribesButNeverLoads() {
    scorer().transformSchema(INPUT);
    scorer().transform(input(2));  // lazy: nothing runs until an action
    assertEquals(0, ExecutorModelCache.loads());
  }

  @Test
  void missingOrNonStringTextColumnIsNamed() {
    var missing = assertThrows(IllegalArgumentException.class,
        () -> scorer().setTextCol("body").transformSchema(INPUT));
    assertTrue(missing.getMessage().contains("'body'"), missing.getMessage());
    var wrongType = assertThrows(IllegalArgumentException.class,
        () -> scorer().setTextCol("extra").transform(input(1)));
    assertTrue(wrongType.getMessage().contains("'extra'") && wrongType.getMessage().contains("int"),
        wrongType.getMessage());
    var id = assertThrows(IllegalArgumentException.class, () -> scorer().setIdCol("key").transformSchema(INPUT));
    assertTrue(id.getMessage().contains("'key'"), id.getMessage());
  }

  @Test
  void unknownThresholdLabelsFailAtSchemaTime() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> scorer().setLabelThresholds(Map.of("violence", 0.2)).transformSchema(INPUT));
    assertTrue(e.getMessage().contains("violence"), e.getMessage());
  }

  @Test
  void inputColumnClashingWithScoreColumnIsNamed() {
    StructType clash = INPUT.add("flagged", DataTypes.BooleanType);
    var e = assertThrows(IllegalArgumentException.class, () -> scorer().transformSchema(clash));
    assertTrue(e.getMessage().contains("'flagged'"), e.getMessage());
  }

  @Test
  void modelRefIsRequired() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> new SafetyScorer().setClassifierFactory(new FakeFactory()).transformSchema(INPUT));
    assertTrue(e.getMessage().contains("modelRef"), e.getMessage());
  }

  @Test
  void badParamValuesAreRejectedByName() {
    var e = assertThrows(IllegalArgumentException.class, () -> scorer().setLongText("summarize"));
    assertTrue(e.getMessage().contains("longText"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> scorer().setThreshold(2.0));
    var stride = assertThrows(IllegalArgumentException.class,
        () -> scorer().setMaxTokens(8).setStride(7).transformSchema(INPUT));
    assertTrue(stride.getMessage().contains("stride"), stride.getMessage());
  }

  @Test
  void copyKeepsParamsAndFactory() {
    SafetyScorer original = scorer().setTextCol("body").setChunkRows(7);
    SafetyScorer copy = original.copy(ParamMap.empty());
    assertEquals(original.uid(), copy.uid());
    assertEquals("body", copy.getTextCol());
    assertEquals(original.getClassifierFactory(), copy.getClassifierFactory());
    assertEquals(7, copy.getOrDefault(copy.chunkRows()));
    assertTrue(copy.explainParams().contains("chunkRows"));
    assertEquals(names(original.params()), names(copy.params()));
    assertEquals(18, copy.params().length, "a new param needs copy and persistence coverage");
    assertTrue(names(copy.params()).contains("thresholdPreset"));
  }

  @Test
  void inferenceOptionsRoundTrip() {
    InferenceOptions o = new InferenceOptions(Device.gpu(1), Precision.BF16, 256, LongTextPolicy.CHUNK, 32, 4,
        WindowAggregation.MEAN, 4096);
    SafetyScorer fixed = scorer().setInferenceOptions(o);
    assertEquals(o, fixed.getInferenceOptions());
    assertEquals(DeviceRequest.parse("gpu:1"), fixed.getDeviceRequest(), "the options' device, fixed");
    assertEquals(DeviceRequest.AUTO, fixed.setDevice(DeviceRequest.AUTO).getDeviceRequest());
    assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f},
        scorer().plan().columns().thresholds());
  }

  /** The fake model, counting how often the driver describes it. */
  private record CountingFactory(FakeFactory fake) implements ClassifierFactory {

    static final java.util.concurrent.atomic.AtomicInteger DESCRIBES = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public TextClassifier load(String reference, InferenceOptions options) {
      return fake.load(reference, options);
    }

    @Override
    public ModelInfo describe(String reference) {
      DESCRIBES.incrementAndGet();
      return fake.describe(reference);
    }
  }

  @Test
  void schemaIsWorkedOutFromOneDescriptionOfTheModel() {
    CountingFactory.DESCRIBES.set(0);
    SafetyScorer scorer = new SafetyScorer().setModelRef(FakeClassifier.REF)
        .setClassifierFactory(new CountingFactory(new FakeFactory()));
    StructType first = scorer.transformSchema(INPUT);
    for (int i = 0; i < 5; i++) {
      assertEquals(first, scorer.transformSchema(INPUT));
    }
    assertEquals(first, scorer.copy(ParamMap.empty()).transformSchema(INPUT));
    assertEquals(1, CountingFactory.DESCRIBES.get(), "described once, however often the schema is asked for");
    scorer.setClassifierFactory(new CountingFactory(new FakeFactory())).transformSchema(INPUT);
    assertEquals(2, CountingFactory.DESCRIBES.get(), "another factory may describe the reference differently");
  }
}
