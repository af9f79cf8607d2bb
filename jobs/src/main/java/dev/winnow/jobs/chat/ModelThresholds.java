package dev.winnow.jobs.chat;

import dev.winnow.jobs.config.ConfigError;
import dev.winnow.jobs.config.ThresholdSpec;
import dev.winnow.runtime.ModelInfo;
import dev.winnow.spark.LabelNames;
import dev.winnow.spark.Thresholds;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * One {@code thresholds.*} block over several models (a harm model per role, a refusal model):
 * each model gets the overrides naming its labels, and an override naming no model's label is an
 * error, as it is for a single model.
 */
final class ModelThresholds {

  private ModelThresholds() {}

  /** The default plus the overrides that name one of {@code labels} (as spelled or sanitized). */
  static Thresholds restrict(Thresholds thresholds, List<String> labels) {
    Map<String, Double> mine = new LinkedHashMap<>();
    thresholds.overrides().forEach((label, value) -> {
      if (names(label, labels)) {
        mine.put(label, value);
      }
    });
    return Thresholds.of(thresholds.defaultThreshold(), mine).withPreset(thresholds.preset());
  }

  /** @throws ConfigError naming {@code thresholds.labels} when an override matches no model */
  static void checkAllUsed(ThresholdSpec spec, Collection<ModelInfo> models) {
    TreeSet<String> known = new TreeSet<>();
    models.forEach(m -> known.addAll(LabelNames.sanitizeAll(m.labels())));
    for (String label : spec.thresholds().overrides().keySet()) {
      if (models.stream().noneMatch(m -> names(label, m.labels()))) {
        throw new ConfigError(spec.labelsKey(), "threshold for unknown label '" + label
            + "'; the models' labels are " + known);
      }
    }
  }

  private static boolean names(String label, List<String> labels) {
    return labels.contains(label) || LabelNames.sanitizeAll(labels).contains(label);
  }
}
