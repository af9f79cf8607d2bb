package dev.winnow.spark;

import dev.winnow.runtime.WinnowErrors;
import dev.winnow.runtime.InferenceOptions;
import java.util.List;
import java.util.Objects;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Appends a sentence embedding to a DataFrame of texts: a dense Spark ML {@code Vector} column
 * ({@code outputCol}, default {@code features}) that MLlib estimators such as {@code
 * LogisticRegression} consume as is. Null and blank texts get a null vector.
 *
 * <p>Embedding runs per partition like {@link SafetyScorer}: rows are gathered in chunks of {@code
 * chunkRows}, each chunk is one {@code embed} call, and every executor JVM loads the encoder once
 * ({@link ExecutorModelCache}) and shares it among its tasks. The driver loads nothing. The
 * vectors are those of {@code TextEncoder.embed}: the encoder's own pooling, not normalized; texts
 * longer than one window are truncated or, with {@code longText = chunk}, their windows averaged.
 *
 * <p>Saved and loaded like any MLlib stage ({@link #write}, {@link #load}); only params are
 * written, and a loaded embedder uses the production {@link EncoderFactory}.
 */
public final class TextEmbedder extends Transformer implements HasTextCol, HasChunkRows, MLWritable {

  private static final long serialVersionUID = 1L;

  private final String uid;
  private EncoderFactory factory = EncoderFactory.models();

  private final Param<String> textCol;
  private final Param<String> outputCol;
  private final Param<String> encoderRef;
  private final Param<String> device;
  private final Param<InferenceOptions> inferenceOptions;
  private final IntParam chunkRows;

  public TextEmbedder() {
    this(Identifiable$.MODULE$.randomUID("textEmbedder"));
  }

  public TextEmbedder(String uid) {
    this.uid = uid;
    textCol = HasTextCol.textColParam(this, "string column holding the texts to embed");
    outputCol = new Param<>(this, "outputCol", "vector column to add");
    encoderRef = new Param<>(this, "encoderRef", "encoder reference passed to the runtime");
    device = new Param<>(this, "device",
        "auto (the task's Spark GPU, else cpu), cpu, gpu or gpu:N", DeviceRequest::isValid);
    // One value rather than SafetyScorer's seven params: an embedder is configured from code or a
    // job's ModelSpec, which already validated the options as a whole.
    inferenceOptions = new JsonParams.Options(this, "inferenceOptions",
        "how the encoder runs (precision, windows, batches); its device is the device param's");
    chunkRows = HasChunkRows.chunkRowsParam(this, "embed");
    setDefault(textCol, "text");
    setDefault(outputCol, "features");
    setDefault(device, DeviceRequest.AUTO.toString());
    setDefault(inferenceOptions, InferenceOptions.DEFAULTS);
    setDefault(chunkRows, HasChunkRows.DEFAULT);
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public Param<String> textCol() { return textCol; }

  public Param<String> outputCol() { return outputCol; }

  public Param<String> encoderRef() { return encoderRef; }

  public Param<String> device() { return device; }

  public Param<InferenceOptions> inferenceOptions() { return inferenceOptions; }

  @Override
  public IntParam chunkRows() { return chunkRows; }

  public TextEmbedder setTextCol(String value) { set(textCol, value); return this; }

  public TextEmbedder setOutputCol(String value) { set(outputCol, value); return this; }

  public TextEmbedder setEncoderRef(String value) { set(encoderRef, value); return this; }

  public TextEmbedder setDevice(String value) { set(device, value); return this; }

  public TextEmbedder setDevice(DeviceRequest value) { return setDevice(value.toString()); }

  /**
   * Sets how the encoder runs, its device as a fixed device; follow with {@link #setDevice} to let
   * each task choose ({@code auto}).
   */
  public TextEmbedder setInferenceOptions(InferenceOptions value) {
    set(inferenceOptions, Objects.requireNonNull(value, "inferenceOptions"));
    return setDevice(DeviceRequest.fixed(value.device()));
  }

  public TextEmbedder setChunkRows(int value) { set(chunkRows, value); return this; }

  /** Replaces how encoder references become encoders; tests inject fakes here. */
  public TextEmbedder setEncoderFactory(EncoderFactory value) {
    this.factory = Objects.requireNonNull(value, "factory");
    return this;
  }

  public String getOutputCol() { return $(outputCol); }

  public String getEncoderRef() { return $(encoderRef); }

  /** Where tasks run the encoder. */
  public DeviceRequest getDeviceRequest() { return DeviceRequest.parse($(device)); }

  /** How the encoder runs, on the device the request gives outside a GPU task (each task resolves its own). */
  public InferenceOptions getInferenceOptions() {
    return $(inferenceOptions).withDevice(getDeviceRequest().resolve(List.of()));
  }

  @Override
  public StructType transformSchema(StructType schema) {
    if (!isDefined(encoderRef) || $(encoderRef).isBlank()) {
      throw new IllegalArgumentException("TextEmbedder " + uid + ": param encoderRef is not set");
    }
    requireTextColumn(schema);
    for (String existing : schema.fieldNames()) {
      if (existing.equalsIgnoreCase($(outputCol))) {
        throw WinnowErrors.invalid(null, "input column '" + existing
            + "' clashes with the embedding column; choose another outputCol");
      }
    }
    return schema.add(new StructField($(outputCol), SQLDataTypes.VectorType(), true, Metadata.empty()));
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType in = dataset.schema();
    StructType out = transformSchema(in);
    PartitionEmbedder embedder = new PartitionEmbedder(
        factory, $(encoderRef), getDeviceRequest(), $(inferenceOptions), in.fieldIndex($(textCol)), getChunkRows());
    return dataset.toDF().mapPartitions(embedder, Encoders.row(out));
  }

  @Override
  public TextEmbedder copy(ParamMap extra) {
    TextEmbedder copy = defaultCopy(extra);
    copy.factory = factory;
    return copy;
  }

  // --- persistence (what MLlib's DefaultParamsWritable / DefaultParamsReadable give Scala stages) ---

  @Override
  public MLWriter write() {
    return new DefaultParamsWriter(this);
  }

  /** Called by reflection when a saved pipeline is loaded. */
  public static MLReader<TextEmbedder> read() {
    return new DefaultParamsReader<>();
  }

  public static TextEmbedder load(String path) {
    return read().load(path);
  }
}
