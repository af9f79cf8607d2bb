package dev.winnow.spark;

import dev.winnow.runtime.InferenceOptions;
import dev.winnow.runtime.LongTextPolicy;
import dev.winnow.runtime.ModelInfo;
import dev.winnow.runtime.Precision;
import dev.winnow.runtime.ThresholdPresets;
import dev.winnow.runtime.WindowAggregation;
import dev.winnow.runtime.WinnowErrors;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * Appends safety scores to a DataFrame of texts.
 *
 * <p>Output: the input columns unchanged, then one float column per model label ({@code
 * outputPrefix} + sanitized label), {@code flags}, {@code flagged}, {@code max_score}, {@code
 * n_tokens}, {@code n_windows}, {@code truncated}, {@code model} and {@code skip_reason} (see
 * {@link ScoreColumns}). Null and blank texts get null scores and a skip reason instead of failing.
 *
 * <p>With {@code contextCol} set, each text is judged with its row's context as a sentence pair
 * ({@link dev.winnow.runtime.TextClassifier#classifyPairs}), like a response with its prompt;
 * rows with a null or blank context are scored alone. The model must accept pairs ({@link
 * dev.winnow.runtime.ModelInfo#acceptsTextPairs()}), checked on the driver.
 *
 * <p>Scoring runs per partition: rows are gathered in chunks of {@code chunkRows} and each chunk's
 * texts go to the model in one call, through a classifier loaded once per executor JVM ({@link
 * ExecutorModelCache}). The driver only describes the model (labels, id) and never loads weights;
 * it does so once per stage and reference, so {@link #transformSchema} stays cheap however often
 * a pipeline calls it. This is the fast path; {@link WinnowUdfs} scores one row per call.
 *
 * <p>Saved and loaded like any MLlib stage ({@link #write}, {@link #load}), alone or inside a
 * {@code PipelineModel}: only params are written, never the model, which is found again by its
 * reference. A loaded scorer uses the production {@link ClassifierFactory}.
 */
public final class SafetyScorer extends Transformer implements HasTextCol, HasChunkRows, MLWritable {

  private static final long serialVersionUID = 1L;

  private final String uid;
  private ClassifierFactory factory = ClassifierFactory.models();
  // The driver's description of the model, for the reference it was made for.
  private transient ModelInfo described;
  private transient String describedRef;

  private final Param<String> textCol;
  private final Param<String> contextCol;
  private final Param<String> idCol;
  private final Param<String> modelRef;
  private final DoubleParam threshold;
  private final Param<Map<String, Double>> labelThresholds;
  private final Param<String> thresholdPreset;
  private final Param<String> device;
  private final Param<String> precision;
  private final IntParam maxTokens;
  private final Param<String> longText;
  private final IntParam stride;
  private final IntParam maxWindows;
  private final Param<String> aggregation;
  private final IntParam batchTokens;
  private final IntParam gpuBatchTokens;
  private final Param<String> outputPrefix;
  private final IntParam chunkRows;

  public SafetyScorer() {
    this(Identifiable$.MODULE$.randomUID("safetyScorer"));
  }

  public SafetyScorer(String uid) {
    // Params capture the parent's uid when constructed, so they are built here, after uid is set.
    this.uid = uid;
    InferenceOptions d = InferenceOptions.DEFAULTS;
    textCol = HasTextCol.textColParam(this, "string column holding the texts to score");
    contextCol = new Param<>(this, "contextCol",
        "optional string column each text is judged with as a sentence pair (e.g. the prompt of a response)");
    idCol = new Param<>(this, "idCol", "optional column naming rows in error messages");
    modelRef = new Param<>(this, "modelRef", "model reference passed to the runtime");
    threshold = new DoubleParam(this, "threshold",
        "score at or above which a label flags a text, unless overridden per label",
        ParamValidators.inRange(0.0, 1.0));
    labelThresholds = new JsonParams.ThresholdsByLabel(this, "labelThresholds",
        "per-label threshold overrides, keyed by label or sanitized label name");
    thresholdPreset = new Param<>(this, "thresholdPreset",
        "the model's recommended thresholds used where no override is set: balanced (best F1) or strict "
            + "(high recall), as the model ships them");
    device = new Param<>(this, "device",
        "auto (the task's Spark GPU, else cpu), cpu, gpu or gpu:N", DeviceRequest::isValid);
    precision = new Param<>(this, "precision", "fp32, bf16, fp16 (GPU) or int8 (CPU)",
        ParamValidators.inArray(Precision.keys()));
    maxTokens = new IntParam(this, "maxTokens",
        "window length in tokens, 0 for the model's maximum", ParamValidators.gtEq(0));
    longText = new Param<>(this, "longText", "texts longer than one window: truncate or chunk",
        ParamValidators.inArray(List.of("truncate", "chunk")));
    stride = new IntParam(this, "stride", "tokens shared by consecutive windows", ParamValidators.gtEq(0));
    maxWindows = new IntParam(this, "maxWindows", "cap on windows per text when chunking",
        ParamValidators.gtEq(1));
    aggregation = new Param<>(this, "aggregation", "window scores to one score: max or mean",
        ParamValidators.inArray(List.of("max", "mean")));
    batchTokens = new IntParam(this, "batchTokens", "token budget of one model batch",
        ParamValidators.gtEq(16));
    gpuBatchTokens = new IntParam(this, "gpuBatchTokens",
        "token budget of one model batch on a GPU; 0 uses batchTokens", ParamValidators.gtEq(0));
    outputPrefix = new Param<>(this, "outputPrefix", "prefix of the per-label score columns");
    chunkRows = HasChunkRows.chunkRowsParam(this, "classify");

    setDefault(textCol, "text");
    setDefault(threshold, Thresholds.DEFAULT);
    setDefault(labelThresholds, Map.of());
    setDefault(thresholdPreset, ThresholdPresets.BALANCED);
    setDefault(device, DeviceRequest.AUTO.toString());
    setDefault(precision, d.precision().key());
    setDefault(maxTokens, d.maxTokens());
    setDefault(longText, d.longText().name().toLowerCase(Locale.ROOT));
    setDefault(stride, d.stride());
    setDefault(maxWindows, d.maxWindows());
    setDefault(aggregation, d.aggregation().name().toLowerCase(Locale.ROOT));
    setDefault(batchTokens, d.batchTokens());
    setDefault(gpuBatchTokens, TaskDevices.DEFAULT_GPU_BATCH_TOKENS);
    setDefault(outputPrefix, ScoreColumns.DEFAULT_PREFIX);
    setDefault(chunkRows, HasChunkRows.DEFAULT);
  }

  @Override
  public String uid() {
    return uid;
  }

  // --- params (public no-arg methods returning Param: Spark ML discovers them by reflection) ---

  @Override
  public Param<String> textCol() { return textCol; }

  public Param<String> contextCol() { return contextCol; }

  public Param<String> idCol() { return idCol; }

  public Param<String> modelRef() { return modelRef; }

  public DoubleParam threshold() { return threshold; }

  public Param<Map<String, Double>> labelThresholds() { return labelThresholds; }
  public Param<String> thresholdPreset() { return thresholdPreset; }

  public Param<String> device() { return device; }

  public Param<String> precision() { return precision; }

  public IntParam maxTokens() { return maxTokens; }

  public Param<String> longText() { return longText; }

  public IntParam stride() { return stride; }

  public IntParam maxWindows() { return maxWindows; }

  public Param<String> aggregation() { return aggregation; }

  public IntParam batchTokens() { return batchTokens; }

  public IntParam gpuBatchTokens() { return gpuBatchTokens; }

  public Param<String> outputPrefix() { return outputPrefix; }

  @Override
  public IntParam chunkRows() { return chunkRows; }

  // --- setters ---

  public SafetyScorer setTextCol(String value) { set(textCol, value); return this; }

  /** Scores each text with this column's value as its pair context; see the class comment. */
  public SafetyScorer setContextCol(String value) { set(contextCol, value); return this; }

  public SafetyScorer setIdCol(String value) { set(idCol, value); return this; }

  public SafetyScorer setModelRef(String value) { set(modelRef, value); return this; }

  public SafetyScorer setThreshold(double value) { set(threshold, value); return this; }

  public SafetyScorer setLabelThresholds(Map<String, Double> value) {
    set(labelThresholds, Map.copyOf(value));
    return this;
  }

  public SafetyScorer setThresholdPreset(String value) { set(thresholdPreset, value); return this; }

  /** Sets the default, per-label thresholds and preset together. */
  public SafetyScorer setThresholds(Thresholds value) {
    return setThreshold(value.defaultThreshold()).setLabelThresholds(value.overrides())
        .setThresholdPreset(value.preset());
  }

  public SafetyScorer setDevice(String value) { set(device, value); return this; }

  public SafetyScorer setPrecision(String value) { set(precision, value); return this; }

  public SafetyScorer setMaxTokens(int value) { set(maxTokens, value); return this; }

  public SafetyScorer setLongText(String value) { set(longText, value); return this; }

  public SafetyScorer setStride(int value) { set(stride, value); return this; }

  public SafetyScorer setMaxWindows(int value) { set(maxWindows, value); return this; }

  public SafetyScorer setAggregation(String value) { set(aggregation, value); return this; }

  public SafetyScorer setBatchTokens(int value) { set(batchTokens, value); return this; }

  public SafetyScorer setGpuBatchTokens(int value) { set(gpuBatchTokens, value); return this; }

  public SafetyScorer setDevice(DeviceRequest value) { return setDevice(value.toString()); }

  /**
   * Sets every inference param from one options value, its device as a fixed device; follow with
   * {@link #setDevice} to let each task choose ({@code auto}).
   */
  public SafetyScorer setInferenceOptions(InferenceOptions o) {
    return setDevice(DeviceRequest.fixed(o.device()))
        .setPrecision(o.precision().key())
        .setMaxTokens(o.maxTokens())
        .setLongText(o.longText().name().toLowerCase(Locale.ROOT))
        .setStride(o.stride())
        .setMaxWindows(o.maxWindows())
        .setAggregation(o.aggregation().name().toLowerCase(Locale.ROOT))
        .setBatchTokens(o.batchTokens());
  }

  public SafetyScorer setOutputPrefix(String value) { set(outputPrefix, value); return this; }

  public SafetyScorer setChunkRows(int value) { set(chunkRows, value); return this; }

  /** Replaces how model references become classifiers; tests inject fakes here. */
  public SafetyScorer setClassifierFactory(ClassifierFactory value) {
    this.factory = Objects.requireNonNull(value, "factory");
    this.described = null;
    return this;
  }

  // --- getters ---

  public String getModelRef() { return $(modelRef); }

  public Thresholds getThresholds() {
    return Thresholds.of((Double) $(threshold), $(labelThresholds)).withPreset($(thresholdPreset));
  }

  /** Where tasks run the model. */
  public DeviceRequest getDeviceRequest() {
    return DeviceRequest.parse($(device));
  }

  /**
   * The inference params as one value, on the device the request gives outside a GPU task (each
   * task resolves its own); invalid combinations fail here, naming the option.
   */
  public InferenceOptions getInferenceOptions() {
    return new InferenceOptions(
        getDeviceRequest().resolve(List.of()),
        Precision.of($(precision)),
        (Integer) $(maxTokens),
        LongTextPolicy.valueOf($(longText).toUpperCase(Locale.ROOT)),
        (Integer) $(stride),
        (Integer) $(maxWindows),
        WindowAggregation.valueOf($(aggregation).toUpperCase(Locale.ROOT)),
        (Integer) $(batchTokens));
  }

  public ClassifierFactory getClassifierFactory() {
    return factory;
  }

  // --- Transformer ---

  /** Describes the model and fixes the output columns; what both schema and data paths use. */
  public ScoringPlan plan() {
    if (!isDefined(modelRef)) {
      throw new IllegalArgumentException("SafetyScorer " + uid + ": param modelRef is not set");
    }
    return ScoringPlan.prepare(factory, $(modelRef), describe($(modelRef)), getDeviceRequest(),
        getInferenceOptions(),
        (Integer) $(gpuBatchTokens), getThresholds(), $(outputPrefix));
  }

  /** The model's description, read once per reference (the driver's only model I/O). */
  private ModelInfo describe(String reference) {
    if (described == null || !reference.equals(describedRef)) {
      described = ScoringPlan.describe(factory, reference);
      describedRef = reference;
    }
    return described;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return outputSchema(schema, plan());
  }

  private StructType outputSchema(StructType schema, ScoringPlan plan) {
    requireTextColumn(schema);
    if (isDefined(contextCol)) {
      StageColumns.require(schema, $(contextCol), "context", true);
      if (!plan.acceptsTextPairs()) {
        throw WinnowErrors.invalid(null, "SafetyScorer " + uid + ": param contextCol is set ('" + $(contextCol)
            + "') but model '" + plan.reference() + "' (" + plan.columns().modelId() + ") does not accept text "
            + "pairs; unset contextCol to score texts alone, or use a sentence-pair classifier");
      }
    }
    if (isDefined(idCol)) {
      StageColumns.require(schema, $(idCol), "id", false);
    }
    return plan.columns().appendTo(schema);
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType in = dataset.schema();
    ScoringPlan plan = plan();
    StructType out = outputSchema(in, plan);
    int idIndex = isDefined(idCol) ? in.fieldIndex($(idCol)) : -1;
    int contextIndex = isDefined(contextCol) ? in.fieldIndex($(contextCol)) : -1;
    PartitionScorer scorer = new PartitionScorer(plan, in.fieldIndex($(textCol)), contextIndex, idIndex,
        isDefined(idCol) ? $(idCol) : null, getChunkRows(),
        ScoringProgress.register(dataset.sparkSession().sparkContext()));
    return dataset.toDF().mapPartitions(scorer, Encoders.row(out));
  }

  @Override
  public SafetyScorer copy(ParamMap extra) {
    SafetyScorer copy = defaultCopy(extra);
    copy.factory = factory;
    copy.described = described;
    copy.describedRef = describedRef;
    return copy;
  }

  // --- persistence (what MLlib's DefaultParamsWritable / DefaultParamsReadable give Scala stages) ---

  @Override
  public MLWriter write() {
    return new DefaultParamsWriter(this);
  }

  /** Called by reflection when a saved pipeline is loaded. */
  public static MLReader<SafetyScorer> read() {
    return new DefaultParamsReader<>();
  }

  public static SafetyScorer load(String path) {
    return read().load(path);
  }
}
