package dev.winnow.runtime;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The flag thresholds a model recommends, as named presets chosen when it was trained: {@value
 * #BALANCED} (best F1 per label on the validation mixture, what scoring uses by default) and
 * {@value #STRICT} (the highest threshold keeping validation recall at or above a target, for
 * filtering where a miss costs more than a false alarm).
 *
 * <p>A model may recommend none (every label at the job's default threshold); a user's explicit
 * per-label threshold always wins over a preset.
 */
public record ThresholdPresets(Map<String, Map<String, Float>> byName) {

  public static final String BALANCED = "balanced";
  public static final String STRICT = "strict";

  public static final ThresholdPresets NONE = new ThresholdPresets(Map.of());

  public ThresholdPresets {
    Map<String, Map<String, Float>> copy = new LinkedHashMap<>();
    byName.forEach((name, values) -> copy.put(Objects.requireNonNull(name, "preset name"),
        Collections.unmodifiableMap(new LinkedHashMap<>(values))));
    byName = Collections.unmodifiableMap(copy);
  }

  /** Only the {@value #BALANCED} preset (or none when {@code balanced} is empty). */
  public static ThresholdPresets balanced(Map<String, Float> balanced) {
    return balanced.isEmpty() ? NONE : new ThresholdPresets(Map.of(BALANCED, balanced));
  }

  /** {@value #BALANCED} and {@value #STRICT}. */
  public static ThresholdPresets of(Map<String, Float> balanced, Map<String, Float> strict) {
    Map<String, Map<String, Float>> both = new LinkedHashMap<>();
    both.put(BALANCED, balanced);
    both.put(STRICT, strict);
    return new ThresholdPresets(both);
  }

  /**
   * The thresholds of preset {@code name}. A model recommending nothing has an empty
   * {@value #BALANCED} preset, so the default setting works with every model.
   *
   * @throws IllegalArgumentException naming the presets the model has, when it lacks {@code name}
   */
  public Map<String, Float> preset(String name, String modelId) {
    Map<String, Float> values = byName.get(name);
    if (values != null) {
      return values;
    }
    if (name.equals(BALANCED) && byName.isEmpty()) {
      return Map.of();
    }
    throw WinnowErrors.invalid(null, "model " + modelId + " has no threshold preset '" + name
        + "'; its presets: " + (byName.isEmpty() ? "none (it recommends no thresholds)" : List.copyOf(byName.keySet())));
  }

  /** The {@value #BALANCED} preset, or none. */
  public Map<String, Float> balanced() {
    return byName.getOrDefault(BALANCED, Map.of());
  }
}
