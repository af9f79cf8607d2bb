package dev.winnow.jobs.train;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.winnow.jobs.measure.BinaryMetrics;
import dev.winnow.jobs.measure.Confusion;
import dev.winnow.runtime.ThresholdPresets;
import dev.winnow.runtime.training.TrainingExample;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Validation precision and recall per domain (the recipe sources' kinds of text) at each threshold
 * preset. Thresholds are chosen on the pooled validation mixture; this shows whether they hold in
 * each part of it (chat prompts, social posts, responses), which pooled numbers hide.
 */
public final class DomainReport {

  /**
   * One label in one domain at one preset.
   *
   * @param rows validation rows of the domain where the label is known
   */
  public record Cell(String domain, String label, String preset, long rows, long positives, Confusion at) {

    JsonObject toJson() {
      JsonObject o = at.toJson();
      o.addProperty("domain", domain);
      o.addProperty("label", label);
      o.addProperty("preset", preset);
      o.addProperty("rows", rows);
      o.addProperty("positives", positives);
      return o;
    }
  }

  private final List<Cell> cells;

  private DomainReport(List<Cell> cells) {
    this.cells = List.copyOf(cells);
  }

  /**
   * @param domains each validation row's domain, in the order of {@code rows} and {@code scores}
   */
  public static DomainReport of(float[][] scores, List<TrainingExample> rows, List<String> domains,
      List<String> labels, ThresholdPresets presets) {
    if (scores.length != rows.size() || domains.size() != rows.size()) {
      throw new IllegalArgumentException("scores, rows and domains differ in length: "
          + scores.length + ", " + rows.size() + ", " + domains.size());
    }
    List<Cell> cells = new ArrayList<>();
    for (String domain : new LinkedHashSet<>(domains)) {
      for (int l = 0; l < labels.size(); l++) {
        List<Integer> known = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
          if (domains.get(r).equals(domain) && !Float.isNaN(rows.get(r).labels()[l])) {
            known.add(r);
          }
        }
        if (known.isEmpty()) {
          continue;
        }
        float[] s = new float[known.size()];
        int[] y = new int[known.size()];
        for (int i = 0; i < s.length; i++) {
          s[i] = scores[known.get(i)][l];
          y[i] = (int) rows.get(known.get(i)).labels()[l];
        }
        BinaryMetrics metrics = BinaryMetrics.of(s, y);
        for (Map.Entry<String, Map<String, Float>> preset : presets.byName().entrySet()) {
          Float threshold = preset.getValue().get(labels.get(l));
          if (threshold != null) {
            cells.add(new Cell(domain, labels.get(l), preset.getKey(), s.length, metrics.positives(),
                metrics.at(threshold)));
          }
        }
      }
    }
    return new DomainReport(cells);
  }

  public List<Cell> cells() {
    return cells;
  }

  public JsonArray toJson() {
    JsonArray out = new JsonArray();
    cells.forEach(c -> out.add(c.toJson()));
    return out;
  }

  /** One line per domain and label: rows, positives, and precision / recall at each preset. */
  public String table() {
    StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-12s %-22s %-9s %13s %9s %9s %9s%n",
        "domain", "label", "preset", "valid(pos)", "precision", "recall", "flagged"));
    for (Cell c : cells) {
      Confusion at = c.at();
      b.append(String.format(Locale.ROOT, "%-12s %-22s %-9s %13s %9s %9s %9s%n", c.domain(), c.label(), c.preset(),
          c.rows() + "(" + c.positives() + ")", number(at.precision()), number(at.recall()),
          number((double) (at.tp() + at.fp()) / c.rows())));
    }
    return b.toString();
  }

  private static String number(double value) {
    return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.3f", value);
  }
}
