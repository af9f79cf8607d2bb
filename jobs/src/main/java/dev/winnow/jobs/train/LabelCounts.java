package dev.winnow.jobs.train;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * How many positives, negatives and unknowns each label has, on each side of the split: per
 * source (its rows before identical texts are merged) and for the distinct texts the heads are
 * fitted on. What to look at before a long training run: a thin or one-sided category shows here.
 *
 * @param bySource source name to label to counts, sources in name order
 * @param distinct label to counts over the merged, split texts
 */
public record LabelCounts(List<String> labels, Map<String, Map<String, Split>> bySource, Map<String, Split> distinct) {

  /** Rows of one label: 1, 0 and null. */
  public record Tally(long positives, long negatives, long unknown) {}

  /** A label's tallies on the training and the validation side. */
  public record Split(Tally train, Tally validation) {

    boolean allUnknown() {
      return train.positives + train.negatives + validation.positives + validation.negatives == 0;
    }
  }

  public LabelCounts {
    labels = List.copyOf(labels);
    bySource = java.util.Collections.unmodifiableMap(new TreeMap<>(bySource));
    distinct = Map.copyOf(distinct);
  }

  /**
   * Counts both frames; each needs {@value TrainingSet#IS_VALIDATION} and an int column per label.
   *
   * @param perSourceRows rows before merging, with {@value TrainingSet#SOURCE}
   * @param distinctRows the merged rows the heads train on
   */
  public static LabelCounts count(Dataset<Row> perSourceRows, Dataset<Row> distinctRows, List<String> labels) {
    Map<String, Map<String, Split>> bySource = new LinkedHashMap<>();
    for (Map.Entry<String, Map<String, Split>> e : tally(perSourceRows, col(TrainingSet.SOURCE), labels).entrySet()) {
      bySource.put(e.getKey(), e.getValue());
    }
    Map<String, Split> distinct = tally(distinctRows, lit("all"), labels).getOrDefault("all", empty(labels));
    return new LabelCounts(labels, bySource, distinct);
  }

  /** One aggregation: per group and side, three sums per label. */
  private static Map<String, Map<String, Split>> tally(Dataset<Row> rows, Column group, List<String> labels) {
    List<Column> sums = new ArrayList<>();
    for (String label : labels) {
      sums.add(sum(when(col(label).equalTo(1), 1L).otherwise(0L)));
      sums.add(sum(when(col(label).equalTo(0), 1L).otherwise(0L)));
      sums.add(sum(when(col(label).isNull(), 1L).otherwise(0L)));
    }
    Map<String, Map<String, Tally[]>> sides = new LinkedHashMap<>();
    for (Row r : rows.groupBy(group.as("__group"), col(TrainingSet.IS_VALIDATION))
        .agg(sums.get(0), sums.subList(1, sums.size()).toArray(new Column[0])).collectAsList()) {
      Map<String, Tally[]> perLabel = sides.computeIfAbsent(r.getString(0), g -> new LinkedHashMap<>());
      int side = r.getBoolean(1) ? 1 : 0;
      for (int i = 0; i < labels.size(); i++) {
        perLabel.computeIfAbsent(labels.get(i), l -> new Tally[] {none(), none()})[side] =
            new Tally(r.getLong(2 + 3 * i), r.getLong(3 + 3 * i), r.getLong(4 + 3 * i));
      }
    }
    Map<String, Map<String, Split>> out = new LinkedHashMap<>();
    sides.forEach((g, perLabel) -> {
      Map<String, Split> splits = new LinkedHashMap<>();
      perLabel.forEach((label, t) -> splits.put(label, new Split(t[0], t[1])));
      out.put(g, splits);
    });
    return out;
  }

  private static Tally none() {
    return new Tally(0, 0, 0);
  }

  private static Map<String, Split> empty(List<String> labels) {
    Map<String, Split> out = new LinkedHashMap<>();
    labels.forEach(l -> out.put(l, new Split(none(), none())));
    return out;
  }

  /** Rows each source contributed, before merging. */
  public Map<String, Long> rowsPerSource() {
    Map<String, Long> rows = new TreeMap<>();
    bySource.forEach((source, perLabel) -> {
      Split any = perLabel.get(labels.get(0));
      rows.put(source, total(any.train()) + total(any.validation()));
    });
    return rows;
  }

  private static long total(Tally t) {
    return t.positives() + t.negatives() + t.unknown();
  }

  /**
   * An overview (one line per label, distinct texts) and one table per label listing the sources
   * that label it; sources that leave a label unknown for all their rows are only counted.
   */
  public String table() {
    int width = Math.max(24, bySource.keySet().stream().mapToInt(String::length).max().orElse(0) + 2);
    String header = String.format(Locale.ROOT, "%-" + width + "s %9s %9s %9s | %9s %9s %9s%n",
        "", "train pos", "neg", "unknown", "valid pos", "neg", "unknown");
    StringBuilder b = new StringBuilder();
    b.append("label counts: positives / negatives / unknown, training and validation split; per source the rows it\n")
        .append("gives before identical texts are merged, `distinct texts` what the heads are fitted on\n\n");
    b.append(String.format(Locale.ROOT, "%-" + width + "s %9s %9s %9s | %9s %9s %9s  %s%n",
        "distinct texts", "train pos", "neg", "unknown", "valid pos", "neg", "unknown", "sources with positives"));
    for (String label : labels) {
      long withPositives = bySource.values().stream()
          .filter(m -> m.get(label).train().positives() + m.get(label).validation().positives() > 0).count();
      b.append(line(label, distinct.get(label), width, "  " + withPositives));
    }
    for (String label : labels) {
      b.append('\n').append(label).append('\n').append(header);
      int unknownSources = 0;
      for (Map.Entry<String, Map<String, Split>> e : bySource.entrySet()) {
        Split s = e.getValue().get(label);
        if (s.allUnknown()) {
          unknownSources++;
        } else {
          b.append(line("  " + e.getKey(), s, width, ""));
        }
      }
      b.append(line("  distinct texts", distinct.get(label), width, ""));
      if (unknownSources > 0) {
        b.append(String.format(Locale.ROOT, "  (%d other source%s: unknown for every row)%n",
            unknownSources, unknownSources == 1 ? "" : "s"));
      }
    }
    return b.toString();
  }

  private static String line(String name, Split s, int width, String tail) {
    return String.format(Locale.ROOT, "%-" + width + "s %9d %9d %9d | %9d %9d %9d%s%n", name,
        s.train().positives(), s.train().negatives(), s.train().unknown(),
        s.validation().positives(), s.validation().negatives(), s.validation().unknown(), tail);
  }
}
