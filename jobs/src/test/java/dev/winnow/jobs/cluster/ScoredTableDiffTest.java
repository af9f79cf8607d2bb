package dev.winnow.jobs.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winnow.spark.testing.TestSpark;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The check bin/local-cluster relies on must catch every way a cluster run can go wrong. */
class ScoredTableDiffTest {

  private static final StructType SCHEMA = new StructType()
      .add("id", DataTypes.StringType)
      .add("score_toxic", DataTypes.FloatType)
      .add("flagged", DataTypes.BooleanType)
      .add("run_id", DataTypes.StringType);

  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = TestSpark.start("ScoredTableDiffTest");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static List<Row> rows(String runId) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      rows.add(RowFactory.create("doc-" + i, i / 10f, i % 2 == 0, runId));
    }
    rows.add(RowFactory.create("doc-empty", null, false, runId));
    return rows;
  }

  private static Dataset<Row> table(List<Row> rows) {
    return spark.createDataFrame(rows, SCHEMA);
  }

  private static List<String> diff(List<Row> actual) {
    return ScoredTableDiff.differences(table(rows("run-a")), table(actual), "id", ScoredTableDiff.TOLERANCE);
  }

  private static void assertOneProblem(List<String> problems, String expectedPart) {
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.get(0).contains(expectedPart), problems.toString());
  }

  @Test
  void sameRowsFromAnotherRunAreEqual() {
    assertEquals(List.of(), diff(rows("run-b")));
  }

  @Test
  void scoresWithinToleranceAreEqual() {
    List<Row> actual = rows("run-b");
    actual.set(3, RowFactory.create("doc-3", 0.3f + 4e-7f, false, "run-b"));
    assertEquals(List.of(), diff(actual));
  }

  @Test
  void aDuplicatedRowIsReported() {
    List<Row> actual = rows("run-b");
    actual.add(actual.get(2));
    assertOneProblem(diff(actual), "1 ids duplicated in actual, e.g. [doc-2]");
  }

  @Test
  void aMissingRowIsReported() {
    List<Row> actual = rows("run-b");
    actual.remove(4);
    assertOneProblem(diff(actual), "1 ids missing from actual, e.g. [doc-4]");
  }

  @Test
  void anExtraRowIsReported() {
    List<Row> actual = rows("run-b");
    actual.add(RowFactory.create("doc-new", 0.5f, true, "run-b"));
    assertOneProblem(diff(actual), "not in expected, e.g. [doc-new]");
  }

  @Test
  void aScoreOutsideToleranceIsReported() {
    List<Row> actual = rows("run-b");
    actual.set(1, RowFactory.create("doc-1", 0.1f + 1e-4f, false, "run-b"));
    assertOneProblem(diff(actual), "column score_toxic differs");
  }

  @Test
  void aNullScoreAgainstAValueIsReported() {
    List<Row> actual = rows("run-b");
    actual.set(1, RowFactory.create("doc-1", null, false, "run-b"));
    assertOneProblem(diff(actual), "column score_toxic differs");
  }

  @Test
  void anyOtherColumnMustBeIdentical() {
    List<Row> actual = rows("run-b");
    actual.set(0, RowFactory.create("doc-0", 0f, false, "run-b"));
    assertOneProblem(diff(actual), "column flagged differs");
  }

  @Test
  void differentColumnsAreReported() {
    Dataset<Row> actual = table(rows("run-b")).drop("flagged");
    List<String> problems = ScoredTableDiff.differences(table(rows("run-a")), actual, "id", ScoredTableDiff.TOLERANCE);
    assertOneProblem(problems, "columns differ");
  }
}
