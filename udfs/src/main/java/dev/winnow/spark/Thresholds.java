package dev.winnow.spark;

import dev.winnow.runtime.ModelInfo;
import dev.winnow.runtime.ThresholdPresets;
import dev.winnow.runtime.WinnowErrors;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Score at or above which a label flags a text: one default plus per-label overrides.
 *
 * <p>Overrides are keyed by label name, either as the model spells it or sanitized (as in column
 * names); they are checked against the model's labels only in {@link #resolve}, because the labels
 * are not known until a model is described. Labels without an override take the model's
 * recommended threshold from the named preset ({@link ThresholdPresets}), else the default.
 */
public final class Thresholds implements Serializable {

  public static final double DEFAULT = 0.5;

  private final double defaultThreshold;
  private final Map<String, Double> overrides;
  private final String preset;

  private Thresholds(double defaultThreshold, Map<String, Double> overrides, String preset) {
    this.defaultThreshold = check("default", defaultThreshold);
    this.preset = Objects.requireNonNull(preset, "preset");
    Map<String, Double> copy = new LinkedHashMap<>();
    overrides.forEach((label, value) -> copy.put(Objects.requireNonNull(label, "label"), check(label, value)));
    this.overrides = Collections.unmodifiableMap(copy);
  }

  public static Thresholds of(double defaultThreshold) {
    return new Thresholds(defaultThreshold, Map.of(), ThresholdPresets.BALANCED);
  }

  public static Thresholds of(double defaultThreshold, Map<String, Double> overrides) {
    return new Thresholds(defaultThreshold, overrides, ThresholdPresets.BALANCED);
  }

  /** These thresholds, taking the model's recommended ones from preset {@code name}. */
  public Thresholds withPreset(String name) {
    return new Thresholds(defaultThreshold, overrides, name);
  }

  public Thresholds with(String label, double threshold) {
    Map<String, Double> next = new LinkedHashMap<>(overrides);
    next.put(label, threshold);
    return new Thresholds(defaultThreshold, next, preset);
  }

  public double defaultThreshold() {
    return defaultThreshold;
  }

  public Map<String, Double> overrides() {
    return overrides;
  }

  /** The name of the model's threshold preset used where no override is set. */
  public String preset() {
    return preset;
  }

  /**
   * One threshold per label, in label order.
   *
   * @throws IllegalArgumentException naming every override that matches no label, with the labels
   *     that exist, or an override given twice (raw and sanitized)
   */
  public float[] resolve(List<String> labels) {
    return resolve(labels, Map.of());
  }

  /**
   * One threshold per label of {@code model}: the user's override, else the model's recommended
   * threshold in {@link #preset()}, else the default.
   *
   * @throws IllegalArgumentException as {@link #resolve(List, Map)}, or when the model has no such preset
   */
  public float[] resolve(ModelInfo model) {
    return resolve(model.labels(), model.recommendedThresholds(preset));
  }

  /**
   * One threshold per label: the user's override, else the threshold the model recommends
   * (calibrated when it was trained), else the default.
   */
  public float[] resolve(List<String> labels, Map<String, Float> recommended) {
    List<String> names = LabelNames.sanitizeAll(labels);
    float[] result = new float[labels.size()];
    Arrays.fill(result, (float) defaultThreshold);
    for (int i = 0; i < labels.size(); i++) {
      Float fromModel = recommended.get(labels.get(i));
      if (fromModel != null) {
        result[i] = fromModel;
      }
    }
    String[] setBy = new String[labels.size()];
    List<String> unknown = new ArrayList<>();
    for (Map.Entry<String, Double> e : overrides.entrySet()) {
      int i = labels.indexOf(e.getKey());
      if (i < 0) {
        i = names.indexOf(e.getKey());
      }
      if (i < 0) {
        unknown.add(e.getKey());
        continue;
      }
      if (setBy[i] != null) {
        throw WinnowErrors.invalid(null, "threshold for label '" + labels.get(i)
            + "' given twice, as '" + setBy[i] + "' and '" + e.getKey() + "'");
      }
      setBy[i] = e.getKey();
      result[i] = e.getValue().floatValue();
    }
    if (!unknown.isEmpty()) {
      throw WinnowErrors.invalid(null, "thresholds for unknown label(s) " + unknown
          + "; the model's labels are " + names);
    }
    return result;
  }

  private static double check(String label, Double value) {
    if (value == null || !(value >= 0.0 && value <= 1.0)) {
      throw WinnowErrors.invalid(null,
          "threshold for '" + label + "' must be in [0, 1], got " + value);
    }
    return value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Thresholds t
        && t.defaultThreshold == defaultThreshold
        && t.overrides.equals(overrides)
        && t.preset.equals(preset);
  }

  @Override
  public int hashCode() {
    return Objects.hash(defaultThreshold, overrides, preset);
  }

  @Override
  public String toString() {
    return "Thresholds{default=" + defaultThreshold + ", overrides=" + overrides + ", preset=" + preset + "}";
  }
}
