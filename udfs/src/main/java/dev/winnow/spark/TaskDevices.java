package dev.winnow.spark;

import ai.djl.Device;
import dev.winnow.runtime.Devices;
import dev.winnow.runtime.Gpus;
import dev.winnow.runtime.InferenceOptions;
import dev.winnow.runtime.Models;
import dev.winnow.runtime.WinnowErrors;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkContext;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;

/**
 * Turns the {@link DeviceRequest} a user made into the device a task's model runs on, from the GPUs
 * Spark assigned to that task ({@code spark.task.resource.gpu.amount}).
 *
 * <p>On a GPU the batch budget becomes {@code gpuBatchTokens} (when positive): a GPU wants far
 * larger batches than a CPU core. Because the resolved device is part of the options, and the
 * options part of the {@link ExecutorModelCache} key, an executor loads one model per GPU its
 * tasks were given and shares it among the tasks on that GPU.
 *
 * <p>The runtime never sees {@code auto} nor Spark's task context: it gets a DJL device.
 */
public final class TaskDevices {

  /**
   * Batch budget on a GPU unless set: a few times the CPU default, still small next to GPU memory
   * for MiniLM-class models (not measured on a GPU yet; see docs/GPU.md).
   */
  public static final int DEFAULT_GPU_BATCH_TOKENS = 16_384;

  /** Spark's resource name for GPUs (the discovery script reports addresses under it). */
  public static final String GPU_RESOURCE = "gpu";

  private TaskDevices() {}

  /**
   * The options a task with these GPU addresses runs with: {@code options} on the device {@code
   * request} resolves to (the device in {@code options} is replaced).
   *
   * @param taskGpus addresses Spark assigned to the task, empty when none; the first is used
   * @param gpuBatchTokens batch budget on a GPU; 0 keeps {@code options.batchTokens()}
   * @throws dev.winnow.runtime.UserError for a GPU address DJL cannot use, or a precision the
   *     resolved device cannot run (fp16 on a CPU, int8 on a GPU)
   */
  public static InferenceOptions resolve(DeviceRequest request, InferenceOptions options, int gpuBatchTokens,
      List<String> taskGpus) {
    Device device = request.resolve(taskGpus);
    options.precision().mismatchOn(device.isGpu()).ifPresent(reason -> {
      // Checked here, not only in the runtime, to say why an auto device ended where it did.
      throw WinnowErrors.precisionMismatch(reason + ": device " + request + " resolved to " + Devices.name(device)
          + (request.kind() == DeviceRequest.Kind.AUTO ? (device.isGpu() ? " (Spark assigned this task a GPU)"
              : " (Spark assigned no GPU to this task: set spark.task.resource.gpu.amount)") : ""));
    });
    InferenceOptions resolved = options.withDevice(device);
    return device.isGpu() && gpuBatchTokens > 0 ? resolved.withBatchTokens(gpuBatchTokens) : resolved;
  }

  /**
   * Checks on the driver, before any task, what a task would find when loading with these options:
   * a GPU the PyTorch engine can use and a precision its device runs. Only in local mode, where
   * tasks run in this JVM; a cluster's driver may lack the GPUs its executors have.
   *
   * @throws dev.winnow.runtime.UserError naming {@code model.device} or {@code model.precision}
   */
  public static void checkOnDriver(DeviceRequest request, InferenceOptions options, int gpuBatchTokens,
      SparkContext spark) {
    if (!spark.isLocal()) {
      return;
    }
    Gpus.count();  // says once, at INFO, what the engine the tasks share with this JVM can use
    boolean tasksGetGpus = Double.parseDouble(spark.conf().get("spark.task.resource.gpu.amount", "0")) > 0;
    Models.checkDevice(resolve(request, options, gpuBatchTokens, tasksGetGpus ? List.of("0") : List.of()));
  }

  /** {@link #resolve} for the task running on this thread; no task (the driver) means no GPUs. */
  public static InferenceOptions forCurrentTask(DeviceRequest request, InferenceOptions options, int gpuBatchTokens) {
    return resolve(request, options, gpuBatchTokens, currentTaskGpus());
  }

  /** The GPU addresses Spark assigned to the task on this thread; empty outside a task. */
  static List<String> currentTaskGpus() {
    TaskContext task = TaskContext.get();
    if (task == null) {
      return List.of();
    }
    Map<String, ResourceInformation> resources = task.resourcesJMap();
    ResourceInformation gpus = resources.get(GPU_RESOURCE);
    return gpus == null ? List.of() : List.of(gpus.addresses());
  }
}
