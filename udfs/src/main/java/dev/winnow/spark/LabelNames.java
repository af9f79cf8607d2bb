package dev.winnow.spark;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Model label names as they appear in column names, flags and threshold settings. */
public final class LabelNames {

  private LabelNames() {}

  /**
   * Lowercase, runs of non-alphanumerics become one {@code _}, no leading or trailing {@code _}:
   * {@code "Self-Harm / Intent"} becomes {@code self_harm_intent}.
   */
  public static String sanitize(String label) {
    String s = label.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
    return s.replaceAll("^_+|_+$", "");
  }

  /**
   * Sanitized names in label order.
   *
   * @throws IllegalArgumentException if a label sanitizes to nothing or two labels to the same name
   *     (their columns would collide)
   */
  public static List<String> sanitizeAll(List<String> labels) {
    List<String> names = new ArrayList<>(labels.size());
    Map<String, String> seen = new HashMap<>();
    for (String label : labels) {
      String name = sanitize(label);
      if (name.isEmpty()) {
        throw new IllegalArgumentException(
            "model label '" + label + "' has no letters or digits to name a column after");
      }
      String previous = seen.putIfAbsent(name, label);
      if (previous != null) {
        throw new IllegalArgumentException(
            "model labels '" + previous + "' and '" + label + "' both map to column name '" + name + "'");
      }
      names.add(name);
    }
    return List.copyOf(names);
  }
}
