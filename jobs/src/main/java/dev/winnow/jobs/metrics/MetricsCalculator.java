package dev.winnow.jobs.metrics;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.percentile_approx;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.winnow.runtime.TextScore;
import dev.winnow.spark.ScoreColumns;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Computes a run's metrics from its written rows in one aggregation pass, so the model never runs
 * twice and the numbers describe exactly what readers of the output see.
 */
public final class MetricsCalculator {

  private static final double[] PERCENTILES = {0.5, 0.9, 0.99};
  private static final int PERCENTILE_ACCURACY = 10_000;

  private MetricsCalculator() {}

  public static RunMetrics compute(Dataset<Row> runRows, ScoreColumns columns, RunInfo run) {
    List<Column> aggs = new ArrayList<>();
    Column skip = quoted(ScoreColumns.SKIP_REASON);
    aggs.add(count(when(skip.isNull(), 1)).as("scored"));
    aggs.add(coalesce(sum(quoted(ScoreColumns.N_TOKENS).cast("long")), lit(0L)).as("tokens"));
    aggs.add(count(when(quoted(ScoreColumns.TRUNCATED), 1)).as("truncated"));
    aggs.add(count(when(skip.equalTo(TextScore.NULL_TEXT), 1)).as("null_text"));
    aggs.add(count(when(skip.equalTo(TextScore.EMPTY_TEXT), 1)).as("empty_text"));
    aggs.add(count(when(quoted(ScoreColumns.FLAGGED), 1)).as("flagged"));
    Column[] percentiles = new Column[PERCENTILES.length];
    for (int p = 0; p < PERCENTILES.length; p++) {
      percentiles[p] = lit(PERCENTILES[p]);
    }
    for (int i = 0; i < columns.labels().size(); i++) {
      Column score = quoted(columns.scoreColumns().get(i));
      // least() skips nulls, so without the guard an unscored row would land in the top bin.
      Column bin = when(score.isNotNull(),
          least(floor(score.multiply(CategoryMetrics.BINS)), lit(CategoryMetrics.BINS - 1)));
      Column[] bins = new Column[CategoryMetrics.BINS];
      for (int b = 0; b < bins.length; b++) {
        bins[b] = count(when(bin.equalTo(b), 1));
      }
      aggs.add(count(score).as("n_" + i));
      aggs.add(avg(score).as("mean_" + i));
      aggs.add(percentile_approx(score, array(percentiles), lit(PERCENTILE_ACCURACY)).as("pct_" + i));
      aggs.add(count(when(array_contains(quoted(ScoreColumns.FLAGS), columns.labelNames().get(i)), 1))
          .as("flag_" + i));
      aggs.add(array(bins).as("hist_" + i));
    }
    Row r = runRows.agg(count(lit(1)).as("rows"), aggs.toArray(new Column[0])).first();

    long rows = r.getLong(r.fieldIndex("rows"));
    long scored = r.getLong(r.fieldIndex("scored"));
    long tokens = r.getLong(r.fieldIndex("tokens"));
    long flagged = r.getLong(r.fieldIndex("flagged"));
    float[] thresholds = columns.thresholds();
    List<CategoryMetrics> categories = new ArrayList<>();
    for (int i = 0; i < columns.labels().size(); i++) {
      List<Number> pct = r.isNullAt(r.fieldIndex("pct_" + i)) ? null : r.getList(r.fieldIndex("pct_" + i));
      long n = r.getLong(r.fieldIndex("n_" + i));
      long flags = r.getLong(r.fieldIndex("flag_" + i));
      List<Long> histogram = r.getList(r.fieldIndex("hist_" + i));
      categories.add(new CategoryMetrics(
          columns.labelNames().get(i),
          columns.labels().get(i),
          columns.scoreColumns().get(i),
          decimal(thresholds[i]),
          n,
          r.isNullAt(r.fieldIndex("mean_" + i)) ? null : r.getDouble(r.fieldIndex("mean_" + i)),
          percentile(pct, 0),
          percentile(pct, 1),
          percentile(pct, 2),
          flags,
          ratio(flags, n),
          histogram));
    }
    double wall = run.wallSeconds();
    return new RunMetrics(
        run.runId(), columns.modelId(), run.modelRef(), run.startedAt(), run.finishedAt(),
        run.inputPath(), run.inputFormat(), run.outputPath(), run.outputFormat(),
        rows, scored, tokens, wall, rows / wall, tokens / wall,
        r.getLong(r.fieldIndex("truncated")),
        r.getLong(r.fieldIndex("null_text")),
        r.getLong(r.fieldIndex("empty_text")),
        flagged, ratio(flagged, scored), categories, run.skippedFiles(), run.malformedRows(), run.malformedLines(),
        run.outcome());
  }

  private static Double percentile(List<Number> values, int i) {
    return values == null || values.get(i) == null ? null : decimal(values.get(i).floatValue());
  }

  /** Scores are floats: widen via their shortest decimal so 0.9f reads 0.9, not 0.899999976. */
  private static double decimal(float value) {
    return Double.parseDouble(Float.toString(value));
  }

  private static Double ratio(long part, long whole) {
    return whole == 0 ? null : (double) part / whole;
  }

  private static Column quoted(String name) {
    return col("`" + name.replace("`", "``") + "`");
  }
}
