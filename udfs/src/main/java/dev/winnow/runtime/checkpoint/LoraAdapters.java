package dev.winnow.runtime.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Low-rank adapters stored beside the layers they adapt ({@code NAME.lora_A.weight} [rank, in] and
 * {@code NAME.lora_B.weight} [out, rank] for the layer {@code NAME.weight} [out, in]), folded into
 * the dense weights when a model loads: {@code W + scale * B A}. A merged model is an ordinary
 * encoder, so it scores at the base model's speed in every precision.
 */
public final class LoraAdapters {

  public static final String DOWN = ".lora_A.weight";
  public static final String UP = ".lora_B.weight";

  private LoraAdapters() {}

  /** The name a layer's down-projection is stored under. */
  public static String down(String layer) {
    return layer + DOWN;
  }

  /** The name a layer's up-projection is stored under. */
  public static String up(String layer) {
    return layer + UP;
  }

  /**
   * Merges every adapter pair in {@code weights} into its layer and drops the adapter tensors.
   *
   * @param source the file the adapters came from, for error messages
   */
  static NDList merge(NDList weights, float scale, Path source) {
    Map<String, NDArray> byName = new LinkedHashMap<>();
    for (NDArray array : weights) {
      byName.put(array.getName(), array);
    }
    NDList merged = new NDList();
    for (Map.Entry<String, NDArray> entry : byName.entrySet()) {
      String name = entry.getKey();
      if (name.endsWith(UP)) {
        continue;
      }
      if (!name.endsWith(DOWN)) {
        merged.add(entry.getValue());
        continue;
      }
      String layer = name.substring(0, name.length() - DOWN.length());
      NDArray down = entry.getValue();
      NDArray up = byName.get(up(layer));
      NDArray dense = byName.get(layer + ".weight");
      if (up == null || dense == null) {
        throw new IllegalArgumentException(source + ": adapter " + name + " has no "
            + (up == null ? up(layer) : "layer " + layer + ".weight in the base encoder"));
      }
      long[] expected = dense.getShape().getShape();
      if (up.getShape().get(0) != expected[0] || down.getShape().get(1) != expected[1]
          || up.getShape().get(1) != down.getShape().get(0)) {
        throw new IllegalArgumentException(source + ": adapter " + layer + " has shapes " + down.getShape()
            + " and " + up.getShape() + ", which do not fit its layer " + dense.getShape());
      }
      // In place: the dense tensor is already in the list (or will be, in its position).
      // The product is closed at once: left to the manager, the 72 products of e5-small-v2 would
      // hold ~90 MB of native memory for the model's lifetime.
      try (NDArray update = up.matMul(down)) {
        dense.addi(update.muli(scale));
      }
      down.close();
      up.close();
    }
    return merged;
  }
}
