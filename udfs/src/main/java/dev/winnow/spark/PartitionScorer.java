package dev.winnow.spark;

import dev.winnow.runtime.TextScore;
import dev.winnow.runtime.UserError;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Scores a partition chunk by chunk: each chunk's texts (with their contexts, when a context
 * column is given) go to the model in one call, and its rows come out with the score columns
 * appended.
 */
final class PartitionScorer extends ChunkedPartitionFunction {

  private final ScoringPlan plan;
  private final ScoringProgress progress;
  private final int textIndex;
  private final int contextIndex;

  /**
   * @param contextIndex position of the context column, or -1 to score texts alone
   * @param idIndex position of the id column used in error messages, or -1 to name rows by their
   *     position in the partition
   */
  PartitionScorer(ScoringPlan plan, int textIndex, int contextIndex, int idIndex, String idColumn, int chunkRows,
      ScoringProgress progress) {
    super(chunkRows, idIndex, idColumn);
    this.progress = progress;
    this.plan = plan;
    this.textIndex = textIndex;
    this.contextIndex = contextIndex;
  }

  @Override
  List<Row> mapChunk(List<Row> rows, String where) {
    List<String> texts = texts(rows, textIndex);
    List<TextScore> scores;
    try {
      scores = contextIndex < 0 ? plan.score(texts) : plan.scorePairs(texts(rows, contextIndex), texts);
    } catch (UserError e) {
      // A model that cannot load or run here is the user's setting, not this chunk's rows.
      throw e;
    } catch (RuntimeException e) {
      throw new IllegalStateException("scoring failed for " + where + ": " + e.getMessage(), e);
    }
    progress.add(scores);
    List<Row> out = new ArrayList<>(rows.size());
    ScoreColumns columns = plan.columns();
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      Object[] values = new Object[row.length() + columns.width()];
      for (int c = 0; c < row.length(); c++) {
        values[c] = row.get(c);
      }
      columns.fill(values, row.length(), scores.get(i));
      out.add(RowFactory.create(values));
    }
    return out;
  }
}
