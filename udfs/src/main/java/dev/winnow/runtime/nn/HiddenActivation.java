package dev.winnow.runtime.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/** The feed-forward activation named by a checkpoint's {@code hidden_act}. */
public enum HiddenActivation {
  /** Exact GELU, {@code x * Phi(x)}, as Hugging Face's "gelu". */
  GELU,
  /** The tanh approximation ("gelu_new", "gelu_pytorch_tanh"). */
  GELU_TANH,
  RELU;

  public static HiddenActivation fromName(String name) {
    return switch (name == null ? "gelu" : name) {
      case "gelu" -> GELU;
      case "gelu_new", "gelu_pytorch_tanh", "gelu_fast" -> GELU_TANH;
      case "relu" -> RELU;
      default -> throw new IllegalArgumentException(
          "unsupported hidden_act '" + name + "' (supported: gelu, gelu_new, gelu_pytorch_tanh, relu)");
    };
  }

  NDArray apply(NDArray x) {
    return switch (this) {
      case GELU -> Activation.gelu(x); // PyTorch's default gelu is the exact (erf) form
      case GELU_TANH -> {
        NDArray inner = x.add(x.pow(3).mul(0.044715f)).mul((float) Math.sqrt(2.0 / Math.PI));
        yield x.mul(inner.tanh().add(1f)).mul(0.5f);
      }
      case RELU -> Activation.relu(x);
    };
  }
}
