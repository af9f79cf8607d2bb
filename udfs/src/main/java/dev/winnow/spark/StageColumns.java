package dev.winnow.spark;

import dev.winnow.runtime.WinnowErrors;
import java.util.Arrays;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The input checks every Winnow stage's {@code transformSchema} makes, with one wording. */
final class StageColumns {

  private StageColumns() {}

  /**
   * @param role what the column is for, in the message ({@code text}, {@code context}, {@code id})
   * @param string whether it must be a string column
   * @throws IllegalArgumentException naming the column and the input's columns
   */
  static void require(StructType schema, String name, String role, boolean string) {
    if (!Arrays.asList(schema.fieldNames()).contains(name)) {
      throw WinnowErrors.invalid(null, role + " column '" + name + "' not found; input columns are "
          + Arrays.toString(schema.fieldNames()));
    }
    if (string && !schema.apply(name).dataType().equals(DataTypes.StringType)) {
      throw WinnowErrors.invalid(null, role + " column '" + name + "' has type "
          + schema.apply(name).dataType().simpleString() + "; expected string");
    }
  }
}
