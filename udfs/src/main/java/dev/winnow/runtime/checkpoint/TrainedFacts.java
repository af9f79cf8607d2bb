package dev.winnow.runtime.checkpoint;

import com.google.gson.JsonObject;
import dev.winnow.runtime.ThresholdPresets;
import java.util.Map;
import java.util.Objects;

/**
 * What every folder Winnow's {@code train} job writes records beside its weights, in the {@code
 * winnow} section of {@code config.json}.
 *
 * @param thresholds the recommended thresholds by preset ({@code winnow.thresholds} holds the
 *     balanced one, {@code winnow.threshold_presets} all of them)
 * @param pairInput whether the model was trained on (prompt, response) pairs, declared as {@code
 *     winnow.input = pair} so scoring may pass each text's context
 * @param training facts for {@code winnow.training} (data fingerprint, metrics, command, ...)
 */
public record TrainedFacts(ThresholdPresets thresholds, boolean pairInput, JsonObject training) {

  public TrainedFacts {
    Objects.requireNonNull(thresholds, "thresholds");
    training = training == null ? new JsonObject() : training;
  }

  /** Single-text input, only the balanced preset. */
  public static TrainedFacts of(Map<String, Float> balanced, JsonObject training) {
    return new TrainedFacts(ThresholdPresets.balanced(balanced), false, training);
  }
}
