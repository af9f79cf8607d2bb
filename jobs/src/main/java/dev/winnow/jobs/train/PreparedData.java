package dev.winnow.jobs.train;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.xxhash64;

import dev.winnow.jobs.config.ModelSpec;
import dev.winnow.spark.TextEmbedder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * The labeled texts a run trains on, merged and split, plus the facts its metadata records.
 *
 * @param rows {@value TrainingSet#SOURCE}, {@value TrainingSet#TEXT}, one int column per label,
 *     {@value TrainingSet#IS_VALIDATION}; one row per distinct text
 * @param labels the recipe's categories, then {@value Recipe#UNSAFE} if derived
 * @param rowsPerSource rows each source contributed, before merging
 * @param conflictingTexts texts whose sources disagreed on some label (the positive label won)
 */
public record PreparedData(
    Dataset<Row> rows,
    List<String> labels,
    Map<String, Long> rowsPerSource,
    long distinctTexts,
    long conflictingTexts,
    String fingerprint) {

  /**
   * Reads, drops blank texts, merges identical texts, derives {@value Recipe#UNSAFE}, drops texts
   * without any known label, and splits.
   *
   * @param maxRows keep a seeded sample of this many texts (0: all)
   */
  public static PreparedData prepare(
      SparkSession spark, TrainingExamples data, Recipe recipe, List<String> labels, int maxRows) {
    Dataset<Row> labeled = TrainingSet.dropBlank(data.read(spark));
    Map<String, Long> perSource = TrainingSet.rowsPerSource(labeled);
    TrainingSet.Deduped deduped = TrainingSet.dedupe(labeled, data.categories());
    Dataset<Row> rows = TrainingSet.withAnyLabel(TrainingSet.withUnsafe(deduped.rows(), recipe.unsafeOf()), labels);
    if (maxRows > 0) {
      rows = rows.orderBy(xxhash64(lit(recipe.seed()), col(TrainingSet.TEXT)), col(TrainingSet.TEXT)).limit(maxRows);
    }
    List<Column> keep = new ArrayList<>();
    keep.add(col(TrainingSet.SOURCE));
    keep.add(col(TrainingSet.TEXT));
    labels.forEach(l -> keep.add(col(l)));
    rows = TrainingSet.split(rows.select(keep.toArray(new Column[0])), recipe.validationFraction(), recipe.seed())
        .persist(StorageLevel.MEMORY_AND_DISK());
    long distinct = rows.count();
    return new PreparedData(rows, List.copyOf(labels), Map.copyOf(perSource), distinct,
        deduped.conflictingTexts(), TrainingSet.fingerprint(rows, labels));
  }

  /**
   * The rows with their {@value TrainingSet#FEATURES}, computed once and kept (embedding is the
   * expensive step: every later fit reads the kept vectors). Spread over the default parallelism
   * so every core embeds.
   */
  public Dataset<Row> embed(SparkSession spark, ModelSpec model) {
    Dataset<Row> spread = rows.repartition(spark.sparkContext().defaultParallelism());
    Dataset<Row> embedded = new TextEmbedder()
        .setEncoderRef(model.ref())
        .setInferenceOptions(model.options())
        .setChunkRows(model.rowsPerChunk())
        .setTextCol(TrainingSet.TEXT)
        .setOutputCol(TrainingSet.FEATURES)
        .transform(spread)
        .persist(StorageLevel.MEMORY_AND_DISK());
    embedded.count();
    return embedded;
  }

  /** Rows where {@code label} is known, as {@value TrainingSet#FEATURES} and a double {@value LogisticFitter#LABEL}. */
  public static Dataset<Row> known(Dataset<Row> embedded, String label) {
    return embedded.filter(col(label).isNotNull())
        .withColumn(LogisticFitter.LABEL, col(label).cast("double"));
  }
}
