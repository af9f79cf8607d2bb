package dev.winnow.runtime;

import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CUDA GPUs this JVM's PyTorch engine can run models on, found once per JVM and said once at
 * INFO, so that a GPU setting on a machine without one fails with a sentence instead of a native
 * error inside the first task.
 */
public final class Gpus {

  private static final Logger LOG = LoggerFactory.getLogger(Gpus.class);

  private static volatile Integer count;

  private Gpus() {}

  /** How many GPUs {@code gpu:N} may name here: 0 with a CPU-only libtorch or no CUDA driver. */
  public static int count() {
    Integer known = count;
    if (known == null) {
      synchronized (Gpus.class) {
        if (count == null) {
          count = detect();
          LOG.info("PyTorch engine: {}", describe());
        }
        known = count;
      }
    }
    return known;
  }

  /** What {@link #count} found, in words for messages. */
  public static String describe() {
    int n = count();
    return n == 0
        ? "the PyTorch engine sees no CUDA GPU (no GPU/CUDA libtorch is available on this machine: "
            + "the bundled libtorch is the CPU build, see docs/GPU.md)"
        : "the PyTorch engine sees " + n + " CUDA GPU(s)";
  }

  private static int detect() {
    Engine engine = Engine.getEngine("PyTorch");
    // A CPU build of libtorch cannot use a GPU even where the driver shows one; asking the driver
    // for its GPU count only when libtorch has CUDA also keeps that probe's warning off CPU machines.
    return engine.hasCapability(StandardCapabilities.CUDA) ? engine.getGpuCount() : 0;
  }
}
