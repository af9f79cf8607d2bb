package dev.winnow.jobs.train;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.xxhash64;

import dev.winnow.jobs.config.ConfigError;
import dev.winnow.jobs.config.InputSpec;
import dev.winnow.jobs.io.InputFormat;
import dev.winnow.jobs.io.InputReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * A recipe's sources as one labeled frame: each source is read with the score job's {@link
 * InputReader}, its text and label expressions evaluated, optionally sampled, and the sources
 * unioned.
 *
 * <p>Expressions are analyzed when the source is read, so a misspelled column or a label that is
 * not boolean fails before any embedding, naming the source and the category.
 */
public final class RecipeData implements TrainingExamples {

  private final Recipe recipe;
  private final Path dataDir;

  /** @param dataDir where source paths are resolved (the recipe's data_dir, else the job's) */
  public RecipeData(Recipe recipe, Path dataDir) {
    this.recipe = recipe;
    this.dataDir = dataDir;
  }

  @Override
  public List<String> categories() {
    return recipe.categories();
  }

  @Override
  public Dataset<Row> read(SparkSession spark) {
    Dataset<Row> all = null;
    for (int i = 0; i < recipe.sources().size(); i++) {
      Dataset<Row> one = read(spark, recipe.sources().get(i), "recipe.sources[" + i + "] (" + recipe.sources().get(i).name() + ")");
      all = all == null ? one : all.unionByName(one);
    }
    return all;
  }

  private Dataset<Row> read(SparkSession spark, RecipeSource source, String where) {
    Path file = source.resolve(dataDir);
    InputSpec input = new InputSpec(file.toString(), source.format(), "text", Optional.empty(), source.csvOptions());
    InputFormat format;
    try {
      format = InputReader.resolveFormat(spark, input);
    } catch (ConfigError e) {
      throw new ConfigError(where + ".path", e.problem() + " (data_dir " + dataDir.toAbsolutePath().normalize() + ")", e);
    }
    Dataset<Row> raw = InputReader.read(spark, input, format);

    List<Column> columns = new ArrayList<>();
    columns.add(lit(source.name()).as(TrainingSet.SOURCE));
    columns.add(typed(raw, source.text(), where + ".text", DataTypes.StringType).as(TrainingSet.TEXT));
    for (String category : recipe.categories()) {
      String rule = source.labels().get(category);
      Column label = rule == null
          ? lit(null).cast(DataTypes.IntegerType)
          : typed(raw, rule, where + ".labels." + category, DataTypes.BooleanType).cast(DataTypes.IntegerType);
      columns.add(label.as(category));
    }
    Dataset<Row> labeled = raw.select(columns.toArray(new Column[0]));
    if (source.maxRows().isPresent()) {
      // Order by a seeded hash of the whole labeled row (ties broken by the row itself), so the
      // sample is the same on every run and does not depend on how the file was split.
      Column[] all = java.util.Arrays.stream(labeled.columns()).map(c -> col(c)).toArray(Column[]::new);
      Column[] hashed = new Column[all.length + 1];
      hashed[0] = lit(recipe.seed());
      System.arraycopy(all, 0, hashed, 1, all.length);
      Column[] order = new Column[all.length + 1];
      order[0] = xxhash64(hashed);
      System.arraycopy(all, 0, order, 1, all.length);
      labeled = labeled.orderBy(order).limit(source.maxRows().get());
    }
    return labeled;
  }

  /** The expression, analyzed against the source's columns and checked for type. */
  private static Column typed(Dataset<Row> raw, String expression, String key, DataType expected) {
    DataType actual;
    try {
      actual = raw.select(expr(expression)).schema().fields()[0].dataType();
    } catch (Exception e) { // AnalysisException, ParseException: thrown undeclared from Scala
      throw new ConfigError(key, "cannot evaluate `" + expression + "`: " + firstLine(e.getMessage())
          + "; columns are " + java.util.Arrays.toString(raw.columns()), e);
    }
    if (actual.equals(DataTypes.NullType)) {
      return expr(expression).cast(expected);
    }
    if (!actual.equals(expected)) {
      throw new ConfigError(key, "`" + expression + "` has type " + actual.simpleString() + "; expected "
          + expected.simpleString() + (expected.equals(DataTypes.BooleanType) ? " (e.g. \"class = 0\")" : ""));
    }
    return expr(expression);
  }

  private static String firstLine(String message) {
    int nl = message == null ? -1 : message.indexOf('\n');
    return nl < 0 ? String.valueOf(message) : message.substring(0, nl);
  }
}
