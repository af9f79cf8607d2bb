package dev.winnow.runtime.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/** How a sequence of hidden states becomes one vector per text. */
public enum Pooling {
  /** The first token ([CLS] / &lt;s&gt;), as the Hugging Face sequence classifiers do. */
  CLS,
  /** Mean over real tokens, as sentence-embedding encoders (e5, MiniLM) were trained. */
  MEAN;

  public static Pooling fromName(String name) {
    return switch (name) {
      case "cls" -> CLS;
      case "mean" -> MEAN;
      default -> throw new IllegalArgumentException("unknown pooling '" + name + "' (expected cls or mean)");
    };
  }

  /** Pools [batch, length, hidden] to [batch, hidden]. */
  public NDArray pool(NDArray hidden, NDArray attentionMask) {
    if (this == CLS) {
      return hidden.get(":, 0, :");
    }
    NDArray mask = attentionMask.toType(hidden.getDataType(), false).expandDims(2);
    return hidden.mul(mask).sum(new int[] {1}).div(mask.sum(new int[] {1}));
  }
}
