package dev.winnow.spark;

import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.Identifiable;

/** A stage that hands its model {@code chunkRows} rows of a partition per call. */
public interface HasChunkRows extends Params {

  int DEFAULT = 1024;

  /** Built in the stage's constructor, once its uid is set; default {@link #DEFAULT}. */
  static IntParam chunkRowsParam(Identifiable stage, String call) {
    return new IntParam(stage, "chunkRows",
        "rows gathered per " + call + " call: large enough for length sorting, small enough for memory",
        ParamValidators.gtEq(1));
  }

  IntParam chunkRows();

  default int getChunkRows() {
    return (Integer) getOrDefault(chunkRows());
  }
}
