package dev.winnow.spark;

import dev.winnow.runtime.TextScore;
import java.io.Serializable;
import java.util.List;
import org.apache.spark.SparkContext;
import org.apache.spark.util.LongAccumulator;

/**
 * Rows and tokens scored so far, as named Spark accumulators: each task's counts reach the
 * driver with the task's end, where a listener (the jobs' console progress) reads them by name.
 */
public final class ScoringProgress implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Accumulator of rows scored (skipped rows included: they were handled). */
  public static final String ROWS = "winnow.rows";
  /** Accumulator of tokens the model saw. */
  public static final String TOKENS = "winnow.tokens";

  private final LongAccumulator rows;
  private final LongAccumulator tokens;

  private ScoringProgress(LongAccumulator rows, LongAccumulator tokens) {
    this.rows = rows;
    this.tokens = tokens;
  }

  static ScoringProgress register(SparkContext spark) {
    return new ScoringProgress(spark.longAccumulator(ROWS), spark.longAccumulator(TOKENS));
  }

  void add(List<TextScore> scores) {
    long n = 0;
    for (TextScore score : scores) {
      n += score.tokens();
    }
    rows.add(scores.size());
    tokens.add(n);
  }
}
