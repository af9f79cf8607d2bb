package dev.winnow.spark;

import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.sql.types.StructType;

/**
 * A stage that reads its texts from one string column, {@code textCol} (MLlib's {@code
 * HasInputCol}, named for what the column holds).
 */
public interface HasTextCol extends Params {

  /** Built in the stage's constructor, once its uid is set (a param captures its parent's uid). */
  static Param<String> textColParam(Identifiable stage, String doc) {
    return new Param<>(stage, "textCol", doc);
  }

  Param<String> textCol();

  default String getTextCol() {
    return getOrDefault(textCol());
  }

  /** @throws IllegalArgumentException naming the column when it is missing or not a string */
  default void requireTextColumn(StructType schema) {
    StageColumns.require(schema, getTextCol(), "text", true);
  }
}
