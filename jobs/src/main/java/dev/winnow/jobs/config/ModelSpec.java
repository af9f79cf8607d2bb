package dev.winnow.jobs.config;

import dev.winnow.runtime.InferenceOptions;
import dev.winnow.runtime.LongTextPolicy;
import dev.winnow.runtime.ModelInfo;
import dev.winnow.runtime.Precision;
import dev.winnow.runtime.WindowAggregation;
import dev.winnow.spark.DeviceRequest;
import dev.winnow.spark.TaskDevices;
import java.util.List;

/**
 * {@code model.*}: which model, how it runs, and how many rows go to one classify call.
 *
 * @param device {@code model.device}: each Spark task resolves it ({@link TaskDevices})
 * @param options how the model runs, on the device {@code device} gives outside a GPU task
 * @param gpuBatchTokens batch budget for tasks that run on a GPU; 0 keeps {@code options.batchTokens()}
 */
public record ModelSpec(String ref, DeviceRequest device, InferenceOptions options, int gpuBatchTokens,
    int rowsPerChunk) {

  /** Reads {@code model.*}; shared by every job that runs a model. */
  public static ModelSpec from(Settings s) {
    int maxTokens = s.intAtLeast("model.max_tokens", 0);
    int stride = s.intAtLeast("model.stride", 0);
    if (maxTokens > 0 && stride >= maxTokens - 2) {
      throw new ConfigError("model.stride",
          "must be less than model.max_tokens - 2 = " + (maxTokens - 2) + ", got " + stride);
    }
    String deviceSetting = s.requiredString("model.device");
    if (!DeviceRequest.isValid(deviceSetting)) {
      throw new ConfigError("model.device", "must be auto, cpu, gpu or gpu:N, got '" + deviceSetting + "'");
    }
    DeviceRequest device = DeviceRequest.parse(deviceSetting);
    Precision precision = s.oneOf("model.precision", Precision.class);
    InferenceOptions options = InferenceOptions.builder()
        .device(device.resolve(List.of()))
        .precision(precision)
        .maxTokens(maxTokens)
        .longText(s.oneOf("model.long_text", LongTextPolicy.class))
        .stride(stride)
        .maxWindows(s.intAtLeast("model.max_windows", 1))
        .aggregation(s.oneOf("model.aggregation", WindowAggregation.class))
        .batchTokens(s.intAtLeast("model.batch_tokens", 16))
        .build();
    if (device.kind() != DeviceRequest.Kind.AUTO) {
      precision.mismatchOn(options.device().isGpu()).ifPresent(reason -> {
        throw new ConfigError("model.precision", reason + " (model.device = " + device + ")");
      });
    }
    int gpuBatchTokens = s.intAtLeast("model.gpu_batch_tokens", 0);
    if (gpuBatchTokens > 0 && gpuBatchTokens < 16) {
      throw new ConfigError("model.gpu_batch_tokens", "must be 0 (same as model.batch_tokens) or at least 16, got "
          + gpuBatchTokens);
    }
    return new ModelSpec(s.requiredString("model.ref"), device, options, gpuBatchTokens,
        s.intAtLeast("model.rows_per_chunk", 1));
  }

  /**
   * The window rules that need the model's own length (with {@code max_tokens = 0}), checked on
   * the driver: otherwise they would first fail inside a task, on the first long text.
   */
  public void checkWindows(ModelInfo info) {
    int window;
    try {
      window = options.windowTokens(info.name(), info.maxTokens());
    } catch (IllegalArgumentException e) {
      throw new ConfigError("model.max_tokens", e.getMessage(), e);
    }
    if (options.longText() == LongTextPolicy.CHUNK && options.stride() >= window - 2) {
      throw new ConfigError("model.stride", "must be less than the window of model " + info.name() + " ("
          + window + " tokens) - 2 = " + (window - 2) + ", got " + options.stride());
    }
  }

  /** {@link #options} on the device {@link #device} gives this thread: for loading a model outside Spark. */
  public InferenceOptions resolvedOptions() {
    return TaskDevices.forCurrentTask(device, options, gpuBatchTokens);
  }

  /** The same settings for another model (e.g. a per-role model of the chatlogs job). */
  public ModelSpec withRef(String otherRef) {
    return new ModelSpec(otherRef, device, options, gpuBatchTokens, rowsPerChunk);
  }
}
