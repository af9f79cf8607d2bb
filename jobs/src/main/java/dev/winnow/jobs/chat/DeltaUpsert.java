package dev.winnow.jobs.chat;

import dev.winnow.jobs.config.ConfigError;
import io.delta.tables.DeltaMergeBuilder;
import io.delta.tables.DeltaTable;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Inserts or replaces rows of a Delta table by key in one commit ({@code MERGE}): the table is
 * never half-written, and applying the same rows twice leaves it as applying them once.
 *
 * @param path the table; created (empty, with the rows' schema) on first use
 * @param setting the setting naming the table, for messages
 * @param keys columns identifying a row; the rows given must be unique on them
 * @param partitionBy partition columns of a table created here
 */
record DeltaUpsert(String path, String setting, List<String> keys, List<String> partitionBy) {

  /** Rows inserted and updated by one upsert, from the commit's own metrics. */
  record Counts(long inserted, long updated) {}

  DeltaUpsert {
    keys = List.copyOf(keys);
    partitionBy = List.copyOf(partitionBy);
  }

  /**
   * Refuses a table whose columns differ from {@code schema}: a MERGE would fail half-way through
   * a night's work, or widen the table silently.
   */
  void checkSchema(SparkSession spark, StructType schema) {
    if (!DeltaTable.isDeltaTable(spark, path)) {
      return;
    }
    StructType existing = DeltaTable.forPath(spark, path).toDF().schema();
    if (!describe(existing).equals(describe(schema))) {
      throw new ConfigError(setting, "table " + path + " has columns " + describe(existing)
          + " but this run writes " + describe(schema) + "; categories, refusal and privacy settings must"
          + " stay the same for a table (write to a new output.path to change them)");
    }
  }

  /**
   * Upserts {@code rows}; a row whose key exists replaces the old one, unless {@code comparedColumns}
   * is not empty and the row equals the old one on all of them (then the old row, and the file
   * holding it, stay untouched).
   */
  Counts apply(SparkSession spark, Dataset<Row> rows, List<String> comparedColumns) {
    checkSchema(spark, rows.schema());
    DeltaTable.createIfNotExists(spark)
        .location(path)
        .addColumns(rows.schema())
        .partitionedBy(partitionBy.toArray(new String[0]))
        .execute();
    DeltaTable table = DeltaTable.forPath(spark, path);
    long before = version(table);
    String on = keys.stream().map(k -> "t." + quote(k) + " = s." + quote(k)).collect(Collectors.joining(" AND "));
    DeltaMergeBuilder merge = table.as("t").merge(rows.as("s"), on);
    merge = comparedColumns.isEmpty() ? merge.whenMatched().updateAll()
        : merge.whenMatched(comparedColumns.stream().map(c -> "t." + quote(c) + " <=> s." + quote(c))
            .collect(Collectors.joining(" AND ", "NOT (", ")"))).updateAll();
    merge.whenNotMatched().insertAll().execute();
    Row commit = table.history(1).first();
    if (commit.<Long>getAs("version") == before) {
      return new Counts(0, 0); // nothing to change: Delta wrote no commit
    }
    Map<String, String> metrics = CollectionConverters.asJava(
        commit.<scala.collection.Map<String, String>>getAs("operationMetrics"));
    return new Counts(number(metrics, "numTargetRowsInserted"), number(metrics, "numTargetRowsUpdated"));
  }

  /** The table's latest version. */
  static long version(DeltaTable table) {
    return table.history(1).first().<Long>getAs("version");
  }

  private static long number(Map<String, String> metrics, String name) {
    String value = metrics.get(name);
    return value == null ? 0 : Long.parseLong(value);
  }

  private static List<String> describe(StructType schema) {
    return Arrays.stream(schema.fields()).map(StructField::toDDL).map(d -> d.replace(" NOT NULL", "")).toList();
  }

  private static String quote(String name) {
    return "`" + name.replace("`", "``") + "`";
  }
}
