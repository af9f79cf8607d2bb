package dev.winnow.jobs.train;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Labeled texts for training, whatever they come from: a recipe's sources ({@link RecipeData}) or,
 * later, one labeled table.
 */
public interface TrainingExamples {

  /** Category names in label order; each is an int column of {@link #read}. */
  List<String> categories();

  /**
   * Columns {@value TrainingSet#SOURCE} (string), {@value TrainingSet#TEXT} (string, may be null or
   * blank: dropped later), then one nullable int column per category: 1 positive, 0 negative, null
   * unknown. Rows are not deduplicated.
   */
  Dataset<Row> read(SparkSession spark);
}
