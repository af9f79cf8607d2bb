package dev.winnow.spark;

import ai.djl.Device;
import dev.winnow.runtime.Devices;
import dev.winnow.runtime.WinnowErrors;
import java.io.Serializable;
import java.util.List;

/**
 * The device a user asks Spark tasks to score on. {@link TaskDevices} resolves it per task into
 * the runtime's {@link Device}; DJL's device is not serializable, so a request holds its kind and
 * GPU index instead.
 *
 * @param gpuIndex the GPU of a {@link Kind#GPU} request; -1 for the other kinds
 */
public record DeviceRequest(Kind kind, int gpuIndex) implements Serializable {

  /** How a task finds its device. */
  public enum Kind {
    /** {@code auto}: the task's GPU when Spark assigned one, else the CPU. */
    AUTO,
    /** {@code gpu}: the task's GPU when Spark assigned one, else the first GPU. */
    ANY_GPU,
    /** {@code cpu}. */
    CPU,
    /** {@code gpu:N}: exactly GPU N. */
    GPU
  }

  public static final DeviceRequest AUTO = new DeviceRequest(Kind.AUTO, -1);

  public DeviceRequest {
    if (kind == null || (kind == Kind.GPU) != (gpuIndex >= 0) || gpuIndex < -1) {
      throw new IllegalArgumentException("device request " + kind + " with GPU index " + gpuIndex);
    }
  }

  /**
   * The request a setting makes.
   *
   * @throws dev.winnow.runtime.UserError naming {@code model.device} for anything but auto, cpu, gpu, gpu:N
   */
  public static DeviceRequest parse(String setting) {
    if (!isValid(setting)) {
      throw WinnowErrors.invalid(WinnowErrors.MODEL_DEVICE, "invalid device '" + setting + "' (auto, cpu, gpu, gpu:N)");
    }
    return switch (setting) {
      case "auto" -> AUTO;
      case "gpu" -> new DeviceRequest(Kind.ANY_GPU, -1);
      default -> fixed(Devices.parse(setting));
    };
  }

  /** Exactly this device in every task. */
  public static DeviceRequest fixed(Device device) {
    return device.isGpu() ? new DeviceRequest(Kind.GPU, device.getDeviceId()) : new DeviceRequest(Kind.CPU, -1);
  }

  /** Whether {@link #parse} accepts a setting; for Spark param validators. */
  public static boolean isValid(String setting) {
    return "auto".equals(setting) || Devices.isName(setting);
  }

  /**
   * The device for a task that Spark gave these GPU addresses.
   *
   * @param taskGpus addresses Spark assigned to the task, empty when none; the first is used
   */
  public Device resolve(List<String> taskGpus) {
    return switch (kind) {
      case AUTO -> taskGpus.isEmpty() ? Device.cpu() : gpu(taskGpus.get(0));
      case ANY_GPU -> taskGpus.isEmpty() ? Device.gpu() : gpu(taskGpus.get(0));
      case CPU -> Device.cpu();
      case GPU -> Device.gpu(gpuIndex);
    };
  }

  /** Whether the device depends on what Spark assigns each task. */
  public boolean perTask() {
    return kind == Kind.AUTO || kind == Kind.ANY_GPU;
  }

  /** The setting that makes this request. */
  @Override
  public String toString() {
    return switch (kind) {
      case AUTO -> "auto";
      case ANY_GPU -> "gpu";
      case CPU -> "cpu";
      case GPU -> "gpu:" + gpuIndex;
    };
  }

  private static Device gpu(String address) {
    if (!address.matches("\\d{1,4}")) {
      throw WinnowErrors.invalid(null, "GPU address '" + address + "' from Spark's GPU discovery is not a "
          + "device index; the discovery script must print indices (nvidia-smi --query-gpu=index)");
    }
    return Device.gpu(Integer.parseInt(address));
  }
}
