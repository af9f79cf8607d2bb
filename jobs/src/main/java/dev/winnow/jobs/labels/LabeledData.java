package dev.winnow.jobs.labels;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.raise_error;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import dev.winnow.jobs.config.ConfigError;
import dev.winnow.jobs.config.InputSpec;
import dev.winnow.jobs.config.LabelSpec;
import dev.winnow.jobs.io.InputReader;
import dev.winnow.runtime.WinnowErrors;
import dev.winnow.spark.LabelNames;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * Reads a labeled table ({@code input.*} + {@code labels.*}) into a {@link LabeledFrame}.
 *
 * <p>Label values are read as trimmed, lower-cased strings so one rule covers ints, doubles,
 * booleans and CSV text: {@code 1 / 1.0 / true} are positive, {@code 0 / 0.0 / false} negative,
 * NULL and {@code labels.unknown_values} unknown. Anything else fails the query when the row is
 * read, naming the row, column and value (checking up front would cost a pass over the data).
 */
public final class LabeledData {

  private static final String[] POSITIVE = {"1", "1.0", "true"};
  private static final String[] NEGATIVE = {"0", "0.0", "false"};

  private LabeledData() {}

  /** Reads {@code input} (format detected as for scoring) and normalizes its labels. */
  public static LabeledFrame read(SparkSession spark, LabelSpec labels, InputSpec input) {
    Dataset<Row> raw = InputReader.read(spark, input, InputReader.resolveFormat(spark, input));
    return normalize(raw, labels, input);
  }

  /** Normalizes the labels of an already opened table; {@code input} names it in messages. */
  public static LabeledFrame normalize(Dataset<Row> raw, LabelSpec labels, InputSpec input) {
    Map<String, Column> byCategory = new LinkedHashMap<>();
    Map<String, String> origins = new LinkedHashMap<>();
    List<String> notes = new ArrayList<>();
    if (labels.arrayColumn().isPresent()) {
      fromArray(raw, labels, input, byCategory, origins, notes);
    } else {
      fromColumns(raw, labels, input, byCategory, origins);
    }
    List<String> existing = Arrays.asList(raw.columns());
    Dataset<Row> rows = raw;
    for (Map.Entry<String, Column> e : byCategory.entrySet()) {
      String name = LabeledFrame.column(e.getKey());
      if (existing.stream().anyMatch(name::equalsIgnoreCase)) {
        throw WinnowErrors.invalid(null, "input " + input.path() + " already has a column '" + name
            + "', which the labels of category '" + e.getKey() + "' would replace; rename it");
      }
      rows = rows.withColumn(name, e.getValue().cast(DataTypes.IntegerType));
    }
    List<String> categories = List.copyOf(byCategory.keySet());
    return new LabeledFrame(LabeledFrame.withAny(rows, categories), categories, origins, notes);
  }

  private static void fromColumns(Dataset<Row> raw, LabelSpec labels, InputSpec input,
      Map<String, Column> byCategory, Map<String, String> origins) {
    List<String> columns = Arrays.asList(raw.columns());
    for (String column : labels.columns()) {
      if (!columns.contains(column)) {
        throw new ConfigError("labels.columns", "no column '" + column + "' in " + input.path()
            + "; its columns are " + columns);
      }
      String category = category(column, "labels.columns");
      String previous = origins.putIfAbsent(category, "column '" + column + "'");
      if (previous != null) {
        throw new ConfigError("labels.columns", previous + " and column '" + column
            + "' both name category '" + category + "'");
      }
      byCategory.put(category, binary(quoted(column), column, labels, input));
    }
  }

  /** One column's values as 1 / 0 / NULL, failing the read on anything else. */
  private static Column binary(Column value, String column, LabelSpec labels, InputSpec input) {
    Column v = lower(trim(value.cast(DataTypes.StringType)));
    Column unknown = v.isNull();
    if (!labels.unknownValues().isEmpty()) {
      unknown = unknown.or(v.isin(labels.unknownValues().toArray()));
    }
    Column message = concat(lit("input " + input.path() + ": "), rowName(input),
        lit(": label column '" + column + "' holds '"), v,
        lit("'; expected 1/0, true/false, or one of labels.unknown_values " + labels.unknownValues()));
    return when(unknown, lit(null))
        .when(v.isin((Object[]) POSITIVE), lit(1))
        .when(v.isin((Object[]) NEGATIVE), lit(0))
        .otherwise(raise_error(message));
  }

  /** How a failing row is named: by {@code input.id_column}, else by the start of its text. */
  private static Column rowName(InputSpec input) {
    return input.idColumn()
        .map(id -> concat(lit("row " + id + "="), coalesce(quoted(id).cast("string"), lit("null"))))
        .orElse(concat(lit("row with text '"),
            coalesce(substring(quoted(input.textColumn()), 1, 60), lit("null")), lit("'")));
  }

  private static void fromArray(Dataset<Row> raw, LabelSpec labels, InputSpec input,
      Map<String, Column> byCategory, Map<String, String> origins, List<String> notes) {
    String column = labels.arrayColumn().orElseThrow();
    if (!Arrays.asList(raw.columns()).contains(column)) {
      throw new ConfigError("labels.array_column", "no column '" + column + "' in " + input.path()
          + "; its columns are " + Arrays.asList(raw.columns()));
    }
    DataType type = raw.schema().apply(column).dataType();
    if (!(type instanceof ArrayType array) || !array.elementType().equals(DataTypes.StringType)) {
      throw new ConfigError("labels.array_column", "column '" + column + "' in " + input.path()
          + " has type " + type.simpleString() + "; expected array<string>");
    }
    // Small: one row per distinct category name in the data.
    List<String> seen = raw.select(explode(quoted(column)).as("v")).where(col("v").isNotNull())
        .distinct().as(Encoders.STRING()).collectAsList();
    Map<String, List<String>> spellings = new TreeMap<>();
    for (String value : seen) {
      spellings.computeIfAbsent(category(value, "labels.array_column"), k -> new ArrayList<>()).add(value);
    }
    List<String> categories = new ArrayList<>();
    if (labels.categories().isEmpty()) {
      categories.addAll(spellings.keySet());
      notes.add("categories taken from the values of '" + column + "': " + categories
          + " (set labels.categories so a category nobody has still counts as known negatives)");
    } else {
      for (String declared : labels.categories()) {
        String category = category(declared, "labels.categories");
        if (categories.contains(category)) {
          throw new ConfigError("labels.categories", "category '" + category + "' listed twice");
        }
        categories.add(category);
      }
      for (Map.Entry<String, List<String>> e : spellings.entrySet()) {
        if (!categories.contains(e.getKey())) {
          throw new ConfigError("labels.categories", "column '" + column + "' in " + input.path()
              + " holds '" + e.getValue().get(0) + "', which is not among labels.categories " + labels.categories());
        }
      }
    }
    for (String category : categories) {
      // array_contains is NULL for an array holding a NULL and no match: that row still lacks it.
      Column has = lit(false);
      for (String spelling : spellings.getOrDefault(category, List.of())) {
        has = has.or(coalesce(array_contains(quoted(column), spelling), lit(false)));
      }
      byCategory.put(category, when(quoted(column).isNotNull(), when(has, lit(1)).otherwise(lit(0))));
      origins.put(category, "values of column '" + column + "'");
    }
  }

  private static String category(String name, String key) {
    String category = LabelNames.sanitize(name);
    if (category.isEmpty()) {
      throw new ConfigError(key, "category '" + name + "' has no letters or digits to name a column after");
    }
    return category;
  }

  static Column quoted(String name) {
    return col("`" + name.replace("`", "``") + "`");
  }
}
