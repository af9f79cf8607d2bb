package dev.winnow.jobs.train;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.winnow.jobs.config.ConfigError;
import dev.winnow.jobs.config.InputSpec;
import dev.winnow.jobs.config.LabelSpec;
import dev.winnow.jobs.labels.LabeledData;
import dev.winnow.jobs.labels.LabeledFrame;
import dev.winnow.spark.LabelNames;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * One labeled table as training examples, read the way {@code evaluate} and {@code calibrate}
 * read labeled data ({@link LabeledData}): one 0/1 column per category, or an array-of-labels
 * column with the category list; unknown values become null.
 */
public record LabeledTable(InputSpec input, LabelSpec labels) implements TrainingExamples {

  /** Categories as the head will name them (sanitized like score columns). */
  @Override
  public List<String> categories() {
    List<String> raw = labels.arrayColumn().isPresent() ? labels.categories() : labels.columns();
    if (raw.isEmpty()) {
      throw new ConfigError("labels.categories",
          "is required with labels.array_column when training: the head needs its categories up front");
    }
    return raw.stream().map(LabelNames::sanitize).toList();
  }

  @Override
  public Dataset<Row> read(SparkSession spark) {
    LabeledFrame frame = LabeledData.read(spark, labels, input);
    List<Column> columns = new ArrayList<>();
    columns.add(lit("table").as(TrainingSet.SOURCE));
    columns.add(col(input.textColumn()).cast("string").as(TrainingSet.TEXT));
    for (String category : categories()) {
      columns.add(col(LabeledFrame.column(category)).cast("int").as(category));
    }
    return frame.data().select(columns.toArray(new Column[0]));
  }
}
