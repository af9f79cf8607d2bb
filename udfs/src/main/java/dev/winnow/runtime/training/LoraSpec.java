package dev.winnow.runtime.training;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.winnow.runtime.nn.LayerRole;
import java.util.EnumSet;
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
