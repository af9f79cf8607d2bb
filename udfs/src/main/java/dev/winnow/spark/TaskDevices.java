package dev.winnow.spark;

import dev.winnow.runtime.Gpus;
import dev.winnow.runtime.InferenceOptions;
import dev.winnow.runtime.Models;
import dev.winnow.runtime.UserError;
import dev.winnow.runtime.WinnowErrors;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkContext;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;

/**
 * Turns the device a user asked for into the device a task's model runs on, from the GPUs Spark
 * assigned to that task ({@code spark.task.resource.gpu.amount}).
 *
 * <ul>
 *   <li>{@code auto}: the task's GPU ({@code gpu:<address>}) when Spark assigned one, else {@code
 *       cpu}. Local mode and clusters without GPU scheduling therefore run on the CPU.
 *   <li>{@code gpu}: the task's GPU when assigned, else DJL's default GPU.
 *   <li>{@code gpu:N} and {@code cpu}: exactly that.
 * </ul>
 *
 * <p>On a GPU the batch budget becomes {@code gpuBatchTokens} (when positive): a GPU wants far
 * larger batches than a CPU core. Because the resolved device is part of the options, and the
 * options part of the {@link ExecutorModelCache} key, an executor loads one model per GPU its
 * tasks were given and shares it among the tasks on that GPU.
 *
 * <p>The runtime never sees {@code auto} nor Spark's task context: it gets a plain DJL device.
 */
public final class TaskDevices {

  /** Resolve per task: the assigned GPU, or the CPU. */
  public static final String AUTO = "auto";

  /**
   * Batch budget on a GPU unless set: a few times the CPU default, still small next to GPU memory
   * for MiniLM-class models (not measured on a GPU yet; see docs/GPU.md).
   */
  public static final int DEFAULT_GPU_BATCH_TOKENS = 16_384;

  /** Spark's resource name for GPUs (the discovery script reports addresses under it). */
  public static final String GPU_RESOURCE = "gpu";

  private TaskDevices() {}

  /** Whether a device setting is one of {@code auto}, {@code cpu}, {@code gpu}, {@code gpu:N}. */
  public static boolean isValid(String device) {
    return device != null && device.matches("auto|cpu|gpu|gpu:\\d+");
  }

  /**
   * The options a task with these GPU addresses runs with.
   *
   * @param taskGpus addresses Spark assigned to the task, empty when none; the first is used
   * @param gpuBatchTokens batch budget on a GPU; 0 keeps {@code requested.batchTokens()}
   * @throws IllegalArgumentException for a device setting or GPU address DJL cannot use, or a
   *     precision the resolved device cannot run (fp16 on a CPU, int8 on a GPU)
   */
  public static InferenceOptions resolve(InferenceOptions requested, int gpuBatchTokens, List<String> taskGpus) {
    String asked = requested.device();
    if (!isValid(asked)) {
      throw WinnowErrors.invalid(WinnowErrors.MODEL_DEVICE, "invalid device '" + asked + "' (auto, cpu, gpu, gpu:N)");
    }
    String device = switch (asked) {
      case AUTO -> taskGpus.isEmpty() ? "cpu" : gpu(taskGpus.get(0));
      case "gpu" -> taskGpus.isEmpty() ? "gpu" : gpu(taskGpus.get(0));
      default -> asked;
    };
    boolean onGpu = device.startsWith("gpu");
    requested.precision().mismatchOn(onGpu).ifPresent(reason -> {
      // Checked here, not only in the runtime, to say why an auto device ended where it did.
      throw WinnowErrors.precisionMismatch(reason + ": device " + asked + " resolved to " + device + (AUTO.equals(asked)
          ? (onGpu ? " (Spark assigned this task a GPU)"
              : " (Spark assigned no GPU to this task: set spark.task.resource.gpu.amount)") : ""));
    });
    InferenceOptions resolved = requested.withDevice(device);
    return onGpu && gpuBatchTokens > 0 ? resolved.withBatchTokens(gpuBatchTokens) : resolved;
  }

  /**
   * Checks on the driver, before any task, what a task would find when loading with these options:
   * a GPU the PyTorch engine can use and a precision its device runs. Only in local mode, where
   * tasks run in this JVM; a cluster's driver may lack the GPUs its executors have.
   *
   * @throws UserError naming {@code model.device} or {@code model.precision}
   */
  public static void checkOnDriver(InferenceOptions requested, int gpuBatchTokens, SparkContext spark) {
    if (!spark.isLocal()) {
      return;
    }
    Gpus.count();  // says once, at INFO, what the engine the tasks share with this JVM can use
    boolean tasksGetGpus = Double.parseDouble(spark.conf().get("spark.task.resource.gpu.amount", "0")) > 0;
    Models.checkDevice(resolve(requested, gpuBatchTokens, tasksGetGpus ? List.of("0") : List.of()));
  }

  /** {@link #resolve} for the task running on this thread; no task (the driver) means no GPUs. */
  public static InferenceOptions forCurrentTask(InferenceOptions requested, int gpuBatchTokens) {
    return resolve(requested, gpuBatchTokens, currentTaskGpus());
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

  private static String gpu(String address) {
    if (!address.matches("\\d+")) {
      throw WinnowErrors.invalid(null, "GPU address '" + address + "' from Spark's GPU discovery is not a "
          + "device index; the discovery script must print indices (nvidia-smi --query-gpu=index)");
    }
    return "gpu:" + address;
  }
}
