package dev.winnow.runtime.training;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.winnow.runtime.nn.LayerRole;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Low-rank adapters: {@code W x + (alpha / rank) B A dropout(x)} on the layers in {@code targets},
 * with A [rank, in] drawn uniformly and B [out, rank] zero, so training starts at the base model.
 */
public record LoraSpec(int rank, float alpha, float dropout, Set<LayerRole> targets) {

  public LoraSpec {
    if (rank < 1) {
      throw new IllegalArgumentException("LoRA rank must be at least 1, got " + rank);
    }
    if (!(alpha > 0)) {
      throw new IllegalArgumentException("LoRA alpha must be positive, got " + alpha);
    }
    if (!(dropout >= 0 && dropout < 1)) {
      throw new IllegalArgumentException("LoRA dropout must be in [0, 1), got " + dropout);
    }
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("LoRA needs at least one target layer");
    }
    targets = Set.copyOf(EnumSet.copyOf(targets));
  }

  /**
   * Adapters on the layers named (query, key, value, attention_output, ffn_in, ffn_out; any case).
   *
   * @throws IllegalArgumentException naming the first unknown name
   */
  public static LoraSpec of(int rank, float alpha, float dropout, List<String> targetNames) {
    return new LoraSpec(rank, alpha, dropout, targets(targetNames));
  }

  private static Set<LayerRole> targets(List<String> names) {
    Set<LayerRole> targets = EnumSet.noneOf(LayerRole.class);
    for (String name : names) {
      try {
        targets.add(LayerRole.valueOf(name.toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("'" + name + "' is not one of "
            + "query, key, value, attention_output, ffn_in, ffn_out", e);
      }
    }
    return targets;
  }

  public float scale() {
    return alpha / rank;
  }

  /** {@code winnow.lora} as a folder's config.json records it. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    json.addProperty("rank", rank);
    json.addProperty("alpha", alpha);
    json.addProperty("dropout", dropout);
    JsonArray names = new JsonArray();
    EnumSet.copyOf(targets).forEach(t -> names.add(t.name().toLowerCase(Locale.ROOT)));
    json.add("targets", names);
    return json;
  }
}
