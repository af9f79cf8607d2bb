package dev.winnow.jobs.cluster;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.not;

import dev.winnow.jobs.JobSessions;
import dev.winnow.jobs.ScoreJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * Compares two outputs of the score job row by row, keyed by an id column: what {@code
 * bin/local-cluster} runs to show that a cluster run (with or without a killed executor) wrote the
 * same table as a local run.
 *
 * <p>Equal means: the same columns, every id exactly once on both sides (no duplicates, no gaps),
 * floating-point columns within a tolerance, every other column identical. {@code run_id} differs
 * by design and is ignored.
 */
public final class ScoredTableDiff {

  public static final double TOLERANCE = 1e-6;

  private ScoredTableDiff() {}

  /**
   * Every difference between {@code expected} and {@code actual}, as sentences; empty when equal.
   */
  public static List<String> differences(
      Dataset<Row> expected, Dataset<Row> actual, String idColumn, double tolerance) {
    List<String> problems = new ArrayList<>();
    List<String> columns = comparedColumns(expected);
    List<String> actualColumns = comparedColumns(actual);
    if (!columns.equals(actualColumns)) {
      problems.add("columns differ: expected " + columns + ", got " + actualColumns);
      return problems;
    }
    duplicates(expected, idColumn, "expected", problems);
    duplicates(actual, idColumn, "actual", problems);
    Dataset<Row> missing = expected.join(actual, expected.col(idColumn).equalTo(actual.col(idColumn)), "left_anti");
    Dataset<Row> extra = actual.join(expected, actual.col(idColumn).equalTo(expected.col(idColumn)), "left_anti");
    report(missing, idColumn, "missing from actual", problems);
    report(extra, idColumn, "not in expected", problems);

    Dataset<Row> e = expected.alias("e");
    Dataset<Row> a = actual.alias("a");
    Dataset<Row> joined = e.join(a, col("e." + idColumn).equalTo(col("a." + idColumn)));
    for (String name : columns) {
      DataType type = expected.schema().apply(name).dataType();
      Column left = col("e.`" + name + "`");
      Column right = col("a.`" + name + "`");
      Column same = floating(type)
          // Spelled out so that a null on one side is a difference, not a null that filters drop.
          ? left.isNull().and(right.isNull())
              .or(left.isNotNull().and(right.isNotNull()).and(abs(left.minus(right)).leq(tolerance)))
          : left.eqNullSafe(right);
      List<Row> bad = joined.filter(not(same)).select(col("e." + idColumn), left, right).limit(3).collectAsList();
      if (!bad.isEmpty()) {
        problems.add("column " + name + " differs, e.g. " + bad + " (id, expected, actual)");
      }
    }
    return problems;
  }

  private static List<String> comparedColumns(Dataset<Row> table) {
    return Arrays.stream(table.columns()).filter(c -> !c.equals(ScoreJob.RUN_ID)).sorted().toList();
  }

  private static boolean floating(DataType type) {
    return type.equals(DataTypes.FloatType) || type.equals(DataTypes.DoubleType);
  }

  private static void duplicates(Dataset<Row> table, String idColumn, String side, List<String> problems) {
    Dataset<Row> repeated = table.groupBy(col(idColumn)).agg(count("*").as("n")).filter(col("n").gt(1));
    report(repeated, idColumn, "duplicated in " + side, problems);
  }

  private static void report(Dataset<Row> rows, String idColumn, String what, List<String> problems) {
    long n = rows.count();
    if (n > 0) {
      List<Object> ids = rows.select(idColumn).limit(5).collectAsList().stream().map(r -> r.get(0)).toList();
      problems.add(n + " ids " + what + ", e.g. " + ids);
    }
  }

  /** Reads a score job output folder: Delta when it has a log, Parquet otherwise. */
  static Dataset<Row> read(SparkSession spark, String path) {
    String format = Files.isDirectory(Path.of(path, "_delta_log")) ? "delta" : "parquet";
    return spark.read().format(format).load(path);
  }

  /** {@code ScoredTableDiff EXPECTED ACTUAL ID_COLUMN}: exit 0 when equal, 1 with the differences. */
  public static void main(String[] args) {
    if (args.length != 3) {
      System.err.println("usage: ScoredTableDiff EXPECTED_TABLE ACTUAL_TABLE ID_COLUMN");
      System.exit(2);
    }
    SparkSession spark = JobSessions.withDelta(
        SparkSession.builder().master("local[1]").appName("scored-table-diff")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1"),
        new SparkConf(false)).getOrCreate();
    int code;
    try {
      Dataset<Row> expected = read(spark, args[0]);
      Dataset<Row> actual = read(spark, args[1]);
      List<String> problems = differences(expected, actual, args[2], TOLERANCE);
      if (problems.isEmpty()) {
        System.out.println("same: " + actual.count() + " rows, one per " + args[2] + ", "
            + comparedColumns(actual).size() + " columns (floats within " + TOLERANCE + "), "
            + args[1] + " vs " + args[0]);
        code = 0;
      } else {
        problems.forEach(p -> System.out.println("DIFFERENT: " + p));
        code = 1;
      }
    } finally {
      spark.stop();
    }
    System.exit(code);
  }
}
