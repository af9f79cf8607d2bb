package dev.winnow.spark;

import dev.winnow.runtime.TextScore;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Scores a partition chunk by chunk: gathers up to {@code chunkRows} rows, classifies their texts
 * in one call (so the runtime can sort by length and pack batches), then emits them with the score
 * columns appended. Only one chunk is held in memory at a time.
 */
final class PartitionScorer implements MapPartitionsFunction<Row, Row> {

  private final ScoringPlan plan;
  private final int textIndex;
  private final int idIndex;
  private final String idColumn;
  private final int chunkRows;

  /**
   * @param idIndex position of the id column used in error messages, or -1 to name rows by their
   *     position in the partition
   */
  PartitionScorer(ScoringPlan plan, int textIndex, int idIndex, String idColumn, int chunkRows) {
    this.plan = plan;
    this.textIndex = textIndex;
    this.idIndex = idIndex;
    this.idColumn = idColumn;
    this.chunkRows = chunkRows;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> input) {
    return new Iterator<>() {
      private List<Row> chunk = List.of();
      private int next;
      private long consumed;

      @Override
      public boolean hasNext() {
        if (next < chunk.size()) {
          return true;
        }
        if (!input.hasNext()) {
          return false;
        }
        chunk = scoreNextChunk(input, consumed);
        consumed += chunk.size();
        next = 0;
        return true;
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return chunk.get(next++);
      }
    };
  }

  private List<Row> scoreNextChunk(Iterator<Row> input, long firstRow) {
    List<Row> rows = new ArrayList<>(chunkRows);
    List<String> texts = new ArrayList<>(chunkRows);
    while (rows.size() < chunkRows && input.hasNext()) {
      Row row = input.next();
      rows.add(row);
      texts.add(row.isNullAt(textIndex) ? null : row.getString(textIndex));
    }
    List<TextScore> scores;
    try {
      scores = plan.score(texts);
    } catch (RuntimeException e) {
      throw new IllegalStateException("scoring failed for " + describe(rows, firstRow) + ": " + e.getMessage(), e);
    }
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

  private String describe(List<Row> rows, long firstRow) {
    TaskContext task = TaskContext.get();
    String partition = task == null ? "" : " of partition " + task.partitionId();
    if (idIndex >= 0) {
      return rows.size() + " rows" + partition + " with " + idColumn + " from "
          + rows.get(0).get(idIndex) + " to " + rows.get(rows.size() - 1).get(idIndex);
    }
    return "rows " + firstRow + ".." + (firstRow + rows.size() - 1) + partition;
  }
}
