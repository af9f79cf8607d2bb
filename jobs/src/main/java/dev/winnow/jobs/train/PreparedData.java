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
 * @param rows {@value TrainingSet#SOURCE}, {@value TrainingSet#TEXT} ({@value TrainingSet#CONTEXT}
 *     after it when some source pairs texts with a prompt), one int column per label, {@value
 *     TrainingSet#IS_VALIDATION}; one row per distinct text (per distinct context and text)
 * @param labels the recipe's categories, then {@value Recipe#UNSAFE} if derived
 * @param rowsPerSource rows each source contributed, before merging
 * @param conflictingTexts texts whose sources disagreed on some label (the positive label won)
 * @param counts positives / negatives / unknown per label, side of the split and source
 */
public record PreparedData(
    Dataset<Row> rows,
    List<String> labels,
    Map<String, Long> rowsPerSource,
    long distinctTexts,
    long conflictingTexts,
    String fingerprint,
    LabelCounts counts) {

  /**
   * Reads, drops blank texts, merges identical texts, derives {@value Recipe#UNSAFE}, drops texts
   * without any known label, splits, and counts the labels.
   *
   * @param maxRows keep a seeded sample of this many texts (0: all)
   */
  public static PreparedData prepare(
      SparkSession spark, TrainingExamples data, Recipe recipe, List<String> labels, int maxRows) {
    // Kept while preparing: merging and counting each read it, and the sources are files.
    Dataset<Row> labeled = TrainingSet.dropBlank(data.read(spark)).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      TrainingSet.Deduped deduped = TrainingSet.dedupe(labeled, data.categories());
      // A recipe decides unsafe per row (RecipeData); one labeled table has it derived here.
      boolean derivedHere = !data.categories().contains(Recipe.UNSAFE);
      Dataset<Row> merged = derivedHere ? TrainingSet.withUnsafe(deduped.rows(), recipe.unsafeOf()) : deduped.rows();
      Dataset<Row> rows = TrainingSet.withAnyLabel(merged, labels);
      if (maxRows > 0) {
        rows = rows.orderBy(xxhash64(lit(recipe.seed()), col(TrainingSet.TEXT)), col(TrainingSet.TEXT)).limit(maxRows);
      }
      List<Column> keep = new ArrayList<>();
      keep.add(col(TrainingSet.SOURCE));
      keep.add(col(TrainingSet.TEXT));
      if (TrainingSet.hasContext(rows)) {
        keep.add(col(TrainingSet.CONTEXT));
      }
      labels.forEach(l -> keep.add(col(l)));
      rows = TrainingSet.split(rows.select(keep.toArray(new Column[0])), recipe.validationFraction(), recipe.seed())
          .persist(StorageLevel.MEMORY_AND_DISK());
      long distinct = rows.count();
      // The split is a function of the text alone, so it places each source row where its merged text went.
      Dataset<Row> perSource = TrainingSet.split(
          derivedHere ? TrainingSet.withUnsafe(labeled, recipe.unsafeOf()) : labeled,
          recipe.validationFraction(), recipe.seed());
      LabelCounts counts = LabelCounts.count(perSource, rows, labels);
      return new PreparedData(rows, List.copyOf(labels), Map.copyOf(counts.rowsPerSource()), distinct,
          deduped.conflictingTexts(), TrainingSet.fingerprint(rows, labels), counts);
    } finally {
      labeled.unpersist();
    }
  }

  /**
   * The {@code counts_only} run: the counts table of the prepared data (and the recipe's sources
   * left out by license), nothing embedded.
   */
  public static String countsOnly(SparkSession spark, TrainingExamples data, Recipe recipe, List<String> labels) {
    PreparedData prepared = prepare(spark, data, recipe, labels, 0);
    try {
      StringBuilder b = new StringBuilder(prepared.counts().table());
      b.append(String.format(java.util.Locale.ROOT, "%nrecipe %s: %d distinct texts, %d with conflicting labels, data %s%n",
          recipe.name(), prepared.distinctTexts(), prepared.conflictingTexts(), prepared.fingerprint().substring(0, 12)));
      if (!recipe.excludedSources().isEmpty()) {
        b.append("left out (exclude_licenses, exclude_sources, domains): ")
            .append(String.join(", ", recipe.excludedSources())).append('\n');
      }
      return b.toString();
    } finally {
      prepared.rows().unpersist();
    }
  }

  /** Embedding tasks per core: enough that the progress line moves during a long embedding pass. */
  private static final int EMBED_TASKS_PER_CORE = 8;

  /**
   * The rows with their {@value TrainingSet#FEATURES}, computed once and kept (embedding is the
   * expensive step: every later fit reads the kept vectors). Spread over several tasks per core so
   * every core embeds and the job's progress (tasks done, ETA) moves: 50k texts take half an hour
   * on two cores, and one task per core said nothing until the end.
   */
  public Dataset<Row> embed(SparkSession spark, ModelSpec model) {
    Dataset<Row> spread = rows.repartition(spark.sparkContext().defaultParallelism() * EMBED_TASKS_PER_CORE);
    Dataset<Row> embedded = new TextEmbedder()
        .setEncoderRef(model.ref())
        .setInferenceOptions(model.options())
        .setDevice(model.device())
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
