package dev.winnow.jobs.labels;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import dev.winnow.runtime.WinnowErrors;
import dev.winnow.spark.LabelNames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A labeled table in one shape: the input columns unchanged, then one int column {@code
 * label_<category>} per category (1, 0, or NULL when unknown) and {@code label_any}.
 *
 * <p>Categories are sanitized the way {@link LabelNames} names score columns, so category {@code
 * c} is measured by {@code score_c}.
 *
 * @param data the normalized rows
 * @param categories sanitized category names, in column order ({@value #ANY} not included)
 * @param origins per category, where it came from in the input (for messages)
 * @param notes what a person should know about how the labels were read (skipped categories, ...)
 */
public record LabeledFrame(
    Dataset<Row> data, List<String> categories, Map<String, String> origins, List<String> notes) {

  public static final String PREFIX = "label_";
  /** The derived category: positive if any category is, negative if all are known negatives. */
  public static final String ANY = "any";

  public LabeledFrame {
    categories = List.copyOf(categories);
    origins = Map.copyOf(origins);
    notes = List.copyOf(notes);
  }

  /** The label column of a category (or of {@value #ANY}). */
  public static String column(String category) {
    return PREFIX + category;
  }

  /**
   * Keeps the categories a model has, in the model's label order, and recomputes {@value #ANY}
   * over them. A model label without data is left out with a note.
   *
   * @param modelLabels the model's labels, raw or sanitized
   * @param ignoreUnknown whether a data category the model lacks is dropped with a note rather than
   *     an error
   * @throws IllegalArgumentException naming the category, where it came from and the model's labels
   */
  public LabeledFrame alignTo(List<String> modelLabels, boolean ignoreUnknown) {
    List<String> names = LabelNames.sanitizeAll(modelLabels);
    if (names.contains(ANY)) {
      throw WinnowErrors.invalid(null, "model label '" + modelLabels.get(names.indexOf(ANY))
          + "' collides with the derived category '" + ANY + "'");
    }
    List<String> kept = new ArrayList<>();
    List<String> next = new ArrayList<>(notes);
    for (String name : names) {
      if (categories.contains(name)) {
        kept.add(name);
      } else {
        next.add("model category '" + name + "' has no labels in the data; left out of the metrics");
      }
    }
    Dataset<Row> rows = data;
    for (String category : categories) {
      if (names.contains(category)) {
        continue;
      }
      if (!ignoreUnknown) {
        throw WinnowErrors.invalid(null, "labeled category '" + category + "' (" + origins.get(category)
            + ") is not a label of the model; the model's labels are " + names
            + " (set labels.ignore_unknown = true to skip it)");
      }
      next.add("category '" + category + "' (" + origins.get(category) + ") is not a model label; ignored");
      rows = rows.drop(column(category));
    }
    if (kept.isEmpty()) {
      throw WinnowErrors.invalid(null, "no labeled category matches a model label; labeled categories are "
          + categories + ", the model's labels are " + names);
    }
    Map<String, String> keptOrigins = new LinkedHashMap<>();
    kept.forEach(c -> keptOrigins.put(c, origins.get(c)));
    return new LabeledFrame(withAny(rows.drop(column(ANY)), kept), kept, keptOrigins, next);
  }

  /** Adds {@code label_any}: 1 if any category is 1, 0 if all are 0, NULL otherwise. */
  static Dataset<Row> withAny(Dataset<Row> rows, List<String> categories) {
    Column[] labels = categories.stream().map(c -> col(column(c))).toArray(Column[]::new);
    Column allKnown = lit(true);
    for (Column label : labels) {
      allKnown = allKnown.and(label.isNotNull());
    }
    // greatest() skips NULLs: it is 1 as soon as one known label is 1.
    Column max = labels.length == 1 ? labels[0] : greatest(labels);
    return rows.withColumn(column(ANY), when(max.equalTo(1), lit(1)).when(allKnown, lit(0)).cast("int"));
  }
}
