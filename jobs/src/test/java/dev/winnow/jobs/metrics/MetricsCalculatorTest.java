package dev.winnow.jobs.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.winnow.jobs.testing.DeltaTestSpark;
import dev.winnow.spark.ScoreColumns;
import dev.winnow.spark.Thresholds;
import dev.winnow.spark.testing.FakeClassifier;
import dev.winnow.spark.testing.TestSpark;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Run metrics from written rows whose numbers are known by hand, not by another run of the model. */
class MetricsCalculatorTest {

  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = DeltaTestSpark.start("MetricsCalculatorTest");
  }

  @AfterAll
  static void stop() {
    TestSpark.stop(spark);
  }

  @Test
  void countsRatesPercentilesAndHistogramsAreThoseOfTheRows() {
    ScoreColumns columns = new ScoreColumns(FakeClassifier.INFO, "score_", Thresholds.of(0.5, Map.of("toxic", 0.3)));
    // toxic scores 0.1, 0.36, 0.97 and an unscored (null) row; the other labels low everywhere.
    Dataset<Row> rows = spark.sql("""
        SELECT * FROM VALUES
          (CAST(0.1 AS FLOAT), CAST(0.0 AS FLOAT), CAST(0.0 AS FLOAT), array(), false, 10, false, CAST(NULL AS STRING)),
          (CAST(0.36 AS FLOAT), CAST(0.0 AS FLOAT), CAST(0.0 AS FLOAT), array('toxic'), true, 20, true, NULL),
          (CAST(0.97 AS FLOAT), CAST(0.0 AS FLOAT), CAST(0.0 AS FLOAT), array('toxic'), true, 30, false, NULL),
          (CAST(NULL AS FLOAT), CAST(NULL AS FLOAT), CAST(NULL AS FLOAT), array(), false, 0, false, 'null_text')
        AS t(%s, %s, %s, flags, flagged, n_tokens, truncated, skip_reason)
        """.formatted(columns.scoreColumns().get(0), columns.scoreColumns().get(1), columns.scoreColumns().get(2)));
    RunInfo run = new RunInfo("r1", "test:fake", Instant.parse("2026-11-01T00:00:00Z"),
        Instant.parse("2026-11-01T00:00:10Z"), "in", "jsonl", "out", "delta", List.of(), 0, List.of(),
        RunOutcome.COMMITTED);

    RunMetrics m = MetricsCalculator.compute(rows, columns, run);

    assertEquals(4, m.rows());
    assertEquals(3, m.scoredRows());
    assertEquals(60, m.tokens());
    assertEquals(1, m.truncatedRows());
    assertEquals(1, m.nullTextRows());
    assertEquals(2, m.flaggedRows());
    assertEquals(2.0 / 3, m.flagRate(), 1e-9);
    assertEquals(0.4, m.rowsPerSecond(), 1e-9, "4 rows in 10 s");
    assertEquals(6.0, m.tokensPerSecond(), 1e-9);

    CategoryMetrics toxic = m.categories().get(0);
    assertEquals("toxic", toxic.name());
    assertEquals(0.3, toxic.threshold(), 1e-6);
    assertEquals(3, toxic.scoredRows(), "the unscored row is in no score statistic");
    assertEquals((0.1 + 0.36 + 0.97) / 3, toxic.mean(), 1e-6);
    assertEquals(0.36, toxic.p50(), 1e-6);
    assertEquals(0.97, toxic.p90(), 1e-6);
    assertEquals(2, toxic.flaggedRows());
    assertEquals(2.0 / 3, toxic.flagRate(), 1e-9);
    List<Long> histogram = toxic.histogram();
    assertEquals(CategoryMetrics.BINS, histogram.size());
    assertEquals(1L, histogram.get(2), "0.1 in [0.10, 0.15)");
    assertEquals(1L, histogram.get(7), "0.36 in [0.35, 0.40)");
    assertEquals(1L, histogram.get(19), "0.97 in the top bin");
    assertEquals(3L, histogram.stream().mapToLong(Long::longValue).sum(), "the null score in no bin");
    assertEquals(0, m.categories().get(1).flaggedRows());
    assertEquals(0.0, m.categories().get(1).flagRate());
  }

  @Test
  void aRunWithNothingScoredHasNoRatesRatherThanZeroes() {
    ScoreColumns columns = new ScoreColumns(FakeClassifier.INFO, "score_", Thresholds.of(0.5));
    Dataset<Row> rows = spark.sql("""
        SELECT * FROM VALUES
          (CAST(NULL AS FLOAT), CAST(NULL AS FLOAT), CAST(NULL AS FLOAT), array(), false, 0, false, 'empty_text')
        AS t(%s, %s, %s, flags, flagged, n_tokens, truncated, skip_reason)
        """.formatted(columns.scoreColumns().get(0), columns.scoreColumns().get(1), columns.scoreColumns().get(2)));
    RunMetrics m = MetricsCalculator.compute(rows, columns, new RunInfo("r2", "test:fake", Instant.EPOCH,
        Instant.EPOCH.plusSeconds(1), "in", "jsonl", "out", "delta", List.of(), 0, List.of(), RunOutcome.COMMITTED));
    assertEquals(1, m.rows());
    assertEquals(0, m.scoredRows());
    assertEquals(1, m.emptyTextRows());
    assertNull(m.flagRate());
    assertNull(m.categories().get(0).mean());
    assertNull(m.categories().get(0).flagRate());
  }
}
