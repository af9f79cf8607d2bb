package dev.winnow.jobs.config;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code labels.*}: where a labeled table keeps its categories.
 *
 * <p>Exactly one layout: {@code columns} (one 0/1 or boolean column per category, the category
 * named by the column) or {@code arrayColumn} (an array of the category names a row has).
 *
 * @param columns per-category label columns, as named in the input
 * @param arrayColumn array-of-strings column listing the categories present in a row
 * @param categories with {@code arrayColumn}: every category that exists (absent means 0); empty
 *     means the categories seen in the data
 * @param unknownValues values meaning "not labeled", compared trimmed and lower-cased
 * @param ignoreUnknown whether a category the model lacks is skipped (with a note) instead of failing
 */
public record LabelSpec(
    List<String> columns,
    Optional<String> arrayColumn,
    List<String> categories,
    List<String> unknownValues,
    boolean ignoreUnknown) {

  public LabelSpec {
    columns = List.copyOf(columns);
    categories = List.copyOf(categories);
    unknownValues = unknownValues.stream().map(v -> v.trim().toLowerCase(Locale.ROOT)).toList();
    if (columns.isEmpty() == arrayColumn.isEmpty()) {
      throw new ConfigError("labels.columns", columns.isEmpty()
          ? "set labels.columns (one 0/1 column per category) or labels.array_column (a list of categories per row)"
          : "set labels.columns or labels.array_column, not both");
    }
    if (!categories.isEmpty() && arrayColumn.isEmpty()) {
      throw new ConfigError("labels.categories", "only applies with labels.array_column; "
          + "with labels.columns the columns are the categories");
    }
  }

  /** Per-category columns. */
  public static LabelSpec columns(String... columns) {
    return new LabelSpec(List.of(columns), Optional.empty(), List.of(), List.of("-1", ""), false);
  }

  /** An array-of-category-names column, optionally with the full list of categories. */
  public static LabelSpec array(String column, String... categories) {
    return new LabelSpec(List.of(), Optional.of(column), List.of(categories), List.of("-1", ""), false);
  }

  public LabelSpec withIgnoreUnknown(boolean value) {
    return new LabelSpec(columns, arrayColumn, categories, unknownValues, value);
  }

  public static LabelSpec from(Settings s) {
    return new LabelSpec(
        s.stringList("labels.columns"),
        s.optionalString("labels.array_column"),
        s.stringList("labels.categories"),
        s.stringList("labels.unknown_values"),
        s.bool("labels.ignore_unknown"));
  }
}
