package dev.winnow.runtime;

import ai.djl.Device;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The devices a model runs on, as users write them: {@code cpu}, {@code gpu} (the first GPU) and
 * {@code gpu:N}. Parsed here once instead of by {@link Device#fromName}, which accepts other
 * spellings and multi-device names that Winnow cannot run.
 */
public final class Devices {

  private static final Pattern NAME = Pattern.compile("cpu|gpu(?::(\\d{1,4}))?");

  private Devices() {}

  /**
   * The device a setting names.
   *
   * @throws UserError naming {@code model.device} for anything but {@code cpu}, {@code gpu}, {@code gpu:N}
   */
  public static Device parse(String name) {
    Matcher m = name == null ? null : NAME.matcher(name);
    if (m == null || !m.matches()) {
      throw WinnowErrors.invalid(WinnowErrors.MODEL_DEVICE, "invalid device '" + name + "' (cpu, gpu, gpu:N)");
    }
    if (name.equals("cpu")) {
      return Device.cpu();
    }
    return Device.gpu(m.group(1) == null ? 0 : Integer.parseInt(m.group(1)));
  }

  /** Whether {@link #parse} accepts a name; for validators that must not throw. */
  public static boolean isName(String name) {
    return name != null && NAME.matcher(name).matches();
  }

  /** The setting that names {@code device}: {@code cpu} or {@code gpu:N}; what {@link #parse} reads back. */
  public static String name(Device device) {
    return device.isGpu() ? "gpu:" + device.getDeviceId() : "cpu";
  }

  /** Whether {@code device} is one Winnow runs on: the CPU or one CUDA GPU. */
  static boolean isSupported(Device device) {
    return device != null && !(device instanceof Device.MultiDevice)
        && (Device.Type.CPU.equals(device.getDeviceType()) || device.isGpu() && device.getDeviceId() >= 0);
  }
}
