package dev.winnow.runtime;

import ai.djl.Device;
import java.io.Serial;
import java.io.Serializable;

/**
 * How a model runs: where, in which precision, how texts are windowed and batched.
 *
 * <p>Immutable and serializable so the Spark layer can ship it to executors and use it as part of
 * the key of its per-executor model cache. The device is DJL's, which is not serializable: the
 * serialized form names it ({@link Devices#name}) and is checked again when read. Settings read
 * one by one (a job's {@code model.*}) go through {@link #builder()}, which validates once, in
 * {@link Builder#build()}; one setting changed on existing options is a {@code with...} call.
 *
 * @param device the CPU or one CUDA GPU ({@link Devices#parse} reads the setting)
 * @param precision the arithmetic; {@link Precision#mismatchOn} says which the device cannot run
 * @param maxTokens window length in tokens, special tokens included; 0 means the model's maximum
 * @param longText what to do with texts longer than one window
 * @param stride tokens shared by consecutive windows when chunking
 * @param maxWindows cap on windows per text when chunking (bounds memory on huge documents);
 *     text beyond it is dropped and the score is marked truncated
 * @param aggregation how window scores become one score per label
 * @param batchTokens token budget of one batch: rows x padded length never exceeds it
 */
public record InferenceOptions(
    Device device,
    Precision precision,
    int maxTokens,
    LongTextPolicy longText,
    int stride,
    int maxWindows,
    WindowAggregation aggregation,
    int batchTokens)
    implements Serializable {

  public static final InferenceOptions DEFAULTS =
      new InferenceOptions(Device.cpu(), Precision.FP32, 0, LongTextPolicy.TRUNCATE, 64, 16, WindowAggregation.MAX, 4096);

  public InferenceOptions {
    require(Devices.isSupported(device), "device (cpu or one GPU)", device);
    require(precision != null, "precision", null);
    require(maxTokens >= 0, "maxTokens (>= 0)", maxTokens);
    require(longText != null, "longText", null);
    require(stride >= 0, "stride (>= 0)", stride);
    require(maxTokens == 0 || stride < maxTokens - 2, "stride (< maxTokens - 2)", stride);
    require(maxWindows >= 1, "maxWindows (>= 1)", maxWindows);
    require(aggregation != null, "aggregation", null);
    require(batchTokens >= 16, "batchTokens (>= 16)", batchTokens);
  }

  /**
   * The window these options give a model that accepts {@code modelMaxTokens}: {@link #maxTokens},
   * or the model's maximum for 0. Cheap, so callers check settings before anything loads.
   *
   * @throws IllegalArgumentException when {@link #maxTokens} exceeds the model's maximum
   */
  public int windowTokens(String modelName, int modelMaxTokens) {
    if (maxTokens == 0) {
      return modelMaxTokens;
    }
    if (maxTokens > modelMaxTokens) {
      throw new IllegalArgumentException("max_tokens " + maxTokens + " exceeds what model "
          + modelName + " accepts (" + modelMaxTokens + ")");
    }
    return maxTokens;
  }

  private static void require(boolean ok, String what, Object value) {
    if (!ok) {
      throw new IllegalArgumentException("invalid inference option " + what + ": " + value);
    }
  }

  public InferenceOptions withDevice(Device value) {
    return toBuilder().device(value).build();
  }

  public InferenceOptions withPrecision(Precision value) {
    return toBuilder().precision(value).build();
  }

  public InferenceOptions withMaxTokens(int value) {
    return toBuilder().maxTokens(value).build();
  }

  /** The chunking settings come as one: stride, window cap and aggregation belong to the policy. */
  public InferenceOptions withLongText(LongTextPolicy value, int newStride, int newMaxWindows, WindowAggregation agg) {
    return toBuilder().longText(value).stride(newStride).maxWindows(newMaxWindows).aggregation(agg).build();
  }

  public InferenceOptions withBatchTokens(int value) {
    return toBuilder().batchTokens(value).build();
  }

  /** Options starting from {@link #DEFAULTS}. */
  public static Builder builder() {
    return new Builder(DEFAULTS);
  }

  /** Options starting from these. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Collects settings; nothing is checked until {@link #build()}. */
  public static final class Builder {
    private Device device;
    private Precision precision;
    private int maxTokens;
    private LongTextPolicy longText;
    private int stride;
    private int maxWindows;
    private WindowAggregation aggregation;
    private int batchTokens;

    private Builder(InferenceOptions start) {
      device = start.device;
      precision = start.precision;
      maxTokens = start.maxTokens;
      longText = start.longText;
      stride = start.stride;
      maxWindows = start.maxWindows;
      aggregation = start.aggregation;
      batchTokens = start.batchTokens;
    }

    public Builder device(Device value) {
      device = value;
      return this;
    }

    public Builder precision(Precision value) {
      precision = value;
      return this;
    }

    public Builder maxTokens(int value) {
      maxTokens = value;
      return this;
    }

    public Builder longText(LongTextPolicy value) {
      longText = value;
      return this;
    }

    public Builder stride(int value) {
      stride = value;
      return this;
    }

    public Builder maxWindows(int value) {
      maxWindows = value;
      return this;
    }

    public Builder aggregation(WindowAggregation value) {
      aggregation = value;
      return this;
    }

    public Builder batchTokens(int value) {
      batchTokens = value;
      return this;
    }

    /**
     * The options.
     *
     * @throws IllegalArgumentException naming the first setting out of range
     */
    public InferenceOptions build() {
      return new InferenceOptions(device, precision, maxTokens, longText, stride, maxWindows, aggregation, batchTokens);
    }
  }

  @Serial
  private Object writeReplace() {
    return new SerializedForm(Devices.name(device), precision, maxTokens, longText, stride, maxWindows, aggregation,
        batchTokens);
  }

  private record SerializedForm(
      String device,
      Precision precision,
      int maxTokens,
      LongTextPolicy longText,
      int stride,
      int maxWindows,
      WindowAggregation aggregation,
      int batchTokens)
      implements Serializable {

    @Serial
    private Object readResolve() {
      return new InferenceOptions(Devices.parse(device), precision, maxTokens, longText, stride, maxWindows,
          aggregation, batchTokens);
    }
  }
}
