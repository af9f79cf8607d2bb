package dev.winnow.jobs.train;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
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
 * InputReader}, filtered by its {@code where}, its text, context and label expressions evaluated,
 * optionally sampled, {@value Recipe#UNSAFE} decided per row, and the sources unioned.
 *
 * <p>{@value Recipe#UNSAFE} (when the recipe has {@code unsafe_of}): 1 where any of those
 * categories is 1; else what the source says where it labels {@code unsafe} itself, NULL meaning
 * unknown; else derived from the categories it does label ({@link TrainingSet#withUnsafe}). A row a
 * source calls safe overall ({@code unsafe} false) is a negative for every category of {@code
 * unsafe_of} it leaves unlabeled: a text with no harm has none of the harms.
 *
 * <p>A {@value TrainingSet#CONTEXT} column (string, NULL for single texts) is added only when some
 * source has a {@code context}; recipes of single texts give the same frame as before.
 *
 * <p>Expressions are analyzed when the source is read, so a misspelled column or a label that is
 * not boolean fails before any embedding, naming the source and the category.
 */
public final class RecipeData implements TrainingExamples {

  /** The source's own {@code unsafe} label while the row is assembled. */
  private static final String STATED_UNSAFE = "__stated_unsafe";

  private final Recipe recipe;
  private final Path dataDir;

  /** @param dataDir where source paths are resolved (the recipe's data_dir, else the job's) */
  public RecipeData(Recipe recipe, Path dataDir) {
    this.recipe = recipe;
    this.dataDir = dataDir;
  }

  /** The recipe's labels: its categories, then {@value Recipe#UNSAFE}, decided per row here, when derived. */
  @Override
  public List<String> categories() {
    return recipe.labels();
  }

  private boolean paired() {
    return recipe.sources().stream().anyMatch(s -> s.context().isPresent());
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
    Path path = source.resolve(dataDir);
    InputSpec input = new InputSpec(path.toString(), source.format(), "text", Optional.empty(), source.csvOptions());
    InputFormat format;
    try {
      format = InputReader.resolveFormat(spark, input);
    } catch (ConfigError e) {
      throw new ConfigError(where + ".path", e.problem() + " (data_dir " + dataDir.toAbsolutePath().normalize() + ")", e);
    }
    Dataset<Row> file = InputReader.read(spark, input, format);
    Dataset<Row> raw = source.where().isEmpty() ? file
        : file.filter(typed(file, source.where().get(), where + ".where", DataTypes.BooleanType));

    List<Column> columns = new ArrayList<>();
    columns.add(lit(source.name()).as(TrainingSet.SOURCE));
    columns.add(typed(raw, source.text(), where + ".text", DataTypes.StringType).as(TrainingSet.TEXT));
    if (paired()) {
      columns.add(source.context()
          .map(c -> typed(raw, c, where + ".context", DataTypes.StringType))
          .orElse(lit(null).cast(DataTypes.StringType)).as(TrainingSet.CONTEXT));
    }
    for (String category : recipe.categories()) {
      columns.add(label(raw, source, category, where).as(category));
    }
    boolean statesUnsafe = source.labels().containsKey(Recipe.UNSAFE);
    if (statesUnsafe) {
      columns.add(label(raw, source, Recipe.UNSAFE, where).as(STATED_UNSAFE));
    }
    Dataset<Row> labeled = raw.select(columns.toArray(new Column[0]));
    if (source.maxRows().isPresent()) {
      // Order by a seeded hash of the labeled row (ties broken by the row itself), so the sample
      // is the same on every run and does not depend on how the file was split. The stated
      // unsafe is a helper column, not yet part of the row: left out.
      Column[] all = java.util.Arrays.stream(labeled.columns()).filter(c -> !c.equals(STATED_UNSAFE))
          .map(c -> col(c)).toArray(Column[]::new);
      Column[] hashed = new Column[all.length + 1];
      hashed[0] = lit(recipe.seed());
      System.arraycopy(all, 0, hashed, 1, all.length);
      Column[] order = new Column[all.length + 1];
      order[0] = xxhash64(hashed);
      System.arraycopy(all, 0, order, 1, all.length);
      labeled = labeled.orderBy(order).limit(source.maxRows().get());
    }
    return recipe.unsafeOf().isEmpty() ? labeled : withUnsafe(labeled, statesUnsafe);
  }

  /** The category's expression as 1 / 0 / NULL; NULL for every row when the source does not label it. */
  private static Column label(Dataset<Row> raw, RecipeSource source, String category, String where) {
    String rule = source.labels().get(category);
    return rule == null
        ? lit(null).cast(DataTypes.IntegerType)
        : typed(raw, rule, where + ".labels." + category, DataTypes.BooleanType).cast(DataTypes.IntegerType);
  }

  /** Adds {@value Recipe#UNSAFE} per row, and fills the negatives a row stated safe implies. */
  private Dataset<Row> withUnsafe(Dataset<Row> labeled, boolean statesUnsafe) {
    Dataset<Row> out = labeled.withColumn(Recipe.UNSAFE,
        TrainingSet.unsafe(recipe.unsafeOf(), statesUnsafe ? Optional.of(col(STATED_UNSAFE)) : Optional.empty()));
    if (!statesUnsafe) {
      return out;
    }
    for (String harm : recipe.unsafeOf()) {
      out = out.withColumn(harm, when(col(harm).isNull().and(col(STATED_UNSAFE).equalTo(0)), lit(0)).otherwise(col(harm)));
    }
    return out.drop(STATED_UNSAFE);
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
