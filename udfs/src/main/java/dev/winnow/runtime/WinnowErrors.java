package dev.winnow.runtime;

import java.nio.file.Path;

/**
 * The one place user errors are made, so that every front end words the same mistake the same
 * way and names the setting users write. Setting names are Winnow's, shared by the jobs' config
 * files and the Spark layer's params.
 */
public final class WinnowErrors {

  public static final String MODEL_REF = "model.ref";
  public static final String MODEL_DEVICE = "model.device";
  public static final String MODEL_PRECISION = "model.precision";

  private WinnowErrors() {}

  /** A setting with a value that cannot work; {@code setting} null when no single setting is at fault. */
  public static UserError invalid(String setting, String problem) {
    return new UserError(setting, problem, null);
  }

  public static UserError invalid(String setting, String problem, Throwable cause) {
    return new UserError(setting, problem, cause);
  }

  /** The model {@code model.ref} names is missing, incomplete, corrupt or of a kind Winnow refuses. */
  public static UserError badModel(String problem) {
    return new UserError(MODEL_REF, problem, null);
  }

  public static UserError badModel(String problem, Throwable cause) {
    return new UserError(MODEL_REF, problem, cause);
  }

  /** A weights file whose bytes do not describe the tensors they should. */
  public static UserError corruptWeights(Path file, String why) {
    return badModel("weights file " + file + " is corrupt: " + why);
  }

  /** A weights file whose tensors are not the ones its {@code config.json} describes. */
  public static UserError weightsMismatch(Path file, String problems) {
    return badModel("weights file " + file + " does not match its config.json: " + problems);
  }

  /** {@code model.device} names a GPU this machine's PyTorch engine cannot use. */
  public static UserError gpuUnavailable(String device, String engineGpus) {
    return invalid(MODEL_DEVICE, "device " + device + " needs a CUDA GPU, but " + engineGpus
        + "; set model.device = cpu (or auto, which uses a GPU only where Spark assigns one)");
  }

  /** {@code model.precision} cannot run on the device the model would run on. */
  public static UserError precisionMismatch(String reason) {
    return invalid(MODEL_PRECISION, reason);
  }
}
