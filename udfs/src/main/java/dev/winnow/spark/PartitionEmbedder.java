package dev.winnow.spark;

import dev.winnow.runtime.InferenceOptions;
import dev.winnow.runtime.TextEncoder;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Embeds a partition chunk by chunk: each chunk's texts go to the executor's shared encoder in one
 * call, and its rows come out with a dense vector appended (null for null or blank texts).
 */
final class PartitionEmbedder extends ChunkedPartitionFunction {

  private final EncoderFactory factory;
  private final String reference;
  private final DeviceRequest device;
  private final InferenceOptions options;
  private final int textIndex;

  PartitionEmbedder(EncoderFactory factory, String reference, DeviceRequest device, InferenceOptions options,
      int textIndex, int chunkRows) {
    super(chunkRows, -1, null);
    this.factory = factory;
    this.reference = reference;
    this.device = device;
    this.options = options;
    this.textIndex = textIndex;
  }

  @Override
  List<Row> mapChunk(List<Row> rows, String where) {
    List<String> texts = texts(rows, textIndex);
    List<float[]> vectors;
    try (ModelLease<TextEncoder> encoder =
        ExecutorModelCache.borrow(factory, reference, TaskDevices.forCurrentTask(device, options, 0))) {
      vectors = encoder.model().embed(texts);
    } catch (RuntimeException e) {
      throw new IllegalStateException("embedding with " + reference + " failed for " + where + ": " + e.getMessage(), e);
    }
    if (vectors.size() != rows.size()) {
      throw new IllegalStateException("encoder " + reference + " returned " + vectors.size()
          + " vectors for " + rows.size() + " texts (" + where + ")");
    }
    List<Row> out = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      Object[] values = new Object[row.length() + 1];
      for (int c = 0; c < row.length(); c++) {
        values[c] = row.get(c);
      }
      values[row.length()] = toVector(vectors.get(i));
      out.add(RowFactory.create(values));
    }
    return out;
  }

  private static Vector toVector(float[] embedding) {
    if (embedding == null) {
      return null;
    }
    double[] values = new double[embedding.length];
    for (int d = 0; d < embedding.length; d++) {
      values[d] = embedding[d];
    }
    return Vectors.dense(values);
  }
}
