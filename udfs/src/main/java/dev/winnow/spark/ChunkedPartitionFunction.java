package dev.winnow.spark;

import dev.winnow.runtime.EngineThreads;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;

/**
 * Maps a partition chunk by chunk: gathers up to {@code chunkRows} rows, hands them to {@link
 * #mapChunk} in one call (so the runtime can sort their texts by length and pack batches), then
 * emits the result. Only one chunk is held in memory at a time.
 *
 * <p>A task gets {@code spark.task.cpus} cores, so its model calls use that many native threads:
 * the engine's default (every core) in each of several concurrent tasks would oversubscribe the
 * executor. Raise {@code spark.task.cpus} to trade concurrent tasks for threads per task.
 */
abstract class ChunkedPartitionFunction implements MapPartitionsFunction<Row, Row> {

  private final int chunkRows;
  private final int idIndex;
  private final String idColumn;

  /**
   * @param idIndex position of the id column used in error messages, or -1 to name rows by their
   *     position in the partition
   */
  ChunkedPartitionFunction(int chunkRows, int idIndex, String idColumn) {
    this.chunkRows = chunkRows;
    this.idIndex = idIndex;
    this.idColumn = idColumn;
  }

  /**
   * The output rows for one chunk, one per input row and in input order.
   *
   * @param where names the chunk's rows, for error messages
   */
  abstract List<Row> mapChunk(List<Row> rows, String where);

  @Override
  public Iterator<Row> call(Iterator<Row> input) {
    TaskContext task = TaskContext.get();
    if (task != null) {
      EngineThreads.setIntraOp(task.cpus());
    }
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
        List<Row> rows = new ArrayList<>(chunkRows);
        while (rows.size() < chunkRows && input.hasNext()) {
          rows.add(input.next());
        }
        chunk = mapChunk(rows, describe(rows, consumed));
        consumed += rows.size();
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

  private String describe(List<Row> rows, long firstRow) {
    TaskContext task = TaskContext.get();
    String partition = task == null ? "" : " of partition " + task.partitionId();
    if (idIndex >= 0) {
      return rows.size() + " rows" + partition + " with " + idColumn + " from "
          + rows.get(0).get(idIndex) + " to " + rows.get(rows.size() - 1).get(idIndex);
    }
    return "rows " + firstRow + ".." + (firstRow + rows.size() - 1) + partition;
  }

  /** Each row's text at {@code index}, null where the value is null. */
  static List<String> texts(List<Row> rows, int index) {
    List<String> texts = new ArrayList<>(rows.size());
    for (Row row : rows) {
      texts.add(row.isNullAt(index) ? null : row.getString(index));
    }
    return texts;
  }
}
