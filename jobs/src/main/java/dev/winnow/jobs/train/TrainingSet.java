package dev.winnow.jobs.train;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * Labeled rows made ready for training: blank texts dropped, identical texts merged, the derived
 * {@value Recipe#UNSAFE} category added, and a stable train / validation split.
 *
 * <p>Each step is a small static function on DataFrames so it can be tested on a handful of rows.
 */
public final class TrainingSet {

  public static final String SOURCE = "source";
  public static final String TEXT = "text";
  /** What the text answers (a response's prompt); a column only when some source gives one, null for single texts. */
  public static final String CONTEXT = "context";
  public static final String IS_VALIDATION = "is_validation";
  public static final String FEATURES = "features";

  /** Salts of the text hash, so that folds and the validation split are independent draws. */
  private static final long SPLIT_SALT = 0x5EED_0001L;
  private static final long FOLD_SALT = 0x5EED_0002L;
  private static final int BUCKETS = 1_000_000;

  private TrainingSet() {}

  /** A merged frame and how many texts had contradicting labels. */
  public record Deduped(Dataset<Row> rows, long conflictingTexts) {}

  /** Rows whose text is null or only whitespace carry nothing to learn from. */
  public static Dataset<Row> dropBlank(Dataset<Row> labeled) {
    return labeled.filter(col(TEXT).isNotNull().and(trim(col(TEXT)).notEqual("")));
  }

  /** Whether the frame carries {@value #CONTEXT}: some source pairs its texts with a prompt. */
  public static boolean hasContext(Dataset<Row> rows) {
    return java.util.Arrays.asList(rows.columns()).contains(CONTEXT);
  }

  /**
   * One row per distinct text (per distinct (context, text) pair when the frame has {@value
   * #CONTEXT}: the same response to another prompt is another example): per category the maximum
   * known label (a text any source calls positive is positive), the smallest source name, and a
   * count of texts whose known labels disagree in some category.
   */
  public static Deduped dedupe(Dataset<Row> labeled, List<String> categories) {
    List<Column> aggregates = new ArrayList<>();
    aggregates.add(min(col(SOURCE)).as(SOURCE));
    Column conflict = lit(false);
    for (String c : categories) {
      aggregates.add(max(col(c)).as(c));
      conflict = conflict.or(coalesce(max(col(c)).notEqual(min(col(c))), lit(false)));
    }
    aggregates.add(conflict.as("__conflict"));
    boolean paired = hasContext(labeled);
    Column[] key = paired ? new Column[] {col(CONTEXT), col(TEXT)} : new Column[] {col(TEXT)};
    Dataset<Row> grouped = labeled.groupBy(key)
        .agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(new Column[0]));
    long conflicts = grouped.filter(col("__conflict")).count();
    List<Column> keep = new ArrayList<>();
    keep.add(col(SOURCE));
    keep.add(col(TEXT));
    if (paired) {
      keep.add(col(CONTEXT));
    }
    categories.forEach(c -> keep.add(col(c)));
    return new Deduped(grouped.select(keep.toArray(new Column[0])), conflicts);
  }

  /**
   * Adds {@value Recipe#UNSAFE}: 1 if any of {@code unsafeOf} is 1; 0 if at least one is known
   * and none is 1; null when none is known. No-op when {@code unsafeOf} is empty.
   *
   * <p>Requiring all of them known would leave no negatives at all: no public source labels every
   * category (a benign-prompt set knows nothing of harmful responses), so a text is taken as safe
   * overall when every category its source does judge says safe.
   */
  public static Dataset<Row> withUnsafe(Dataset<Row> rows, List<String> unsafeOf) {
    if (unsafeOf.isEmpty()) {
      return rows;
    }
    return rows.withColumn(Recipe.UNSAFE, unsafe(unsafeOf, Optional.empty()));
  }

  /**
   * {@value Recipe#UNSAFE} of one row: 1 if any of {@code unsafeOf} is 1 (a harm is a harm
   * whatever else is said); otherwise the source's own judgement where it gives one ({@code
   * stated}, an int column, null = unknown); otherwise derived as in {@link #withUnsafe}.
   */
  static Column unsafe(List<String> unsafeOf, Optional<Column> stated) {
    Column anyPositive = lit(false);
    Column anyKnown = lit(false);
    for (String c : unsafeOf) {
      anyPositive = anyPositive.or(coalesce(col(c).equalTo(1), lit(false)));
      anyKnown = anyKnown.or(col(c).isNotNull());
    }
    Column unknown = lit(null).cast(DataTypes.IntegerType);
    return stated.isPresent()
        ? when(anyPositive, lit(1)).otherwise(stated.get())
        : when(anyPositive, lit(1)).when(anyKnown, lit(0)).otherwise(unknown);
  }

  /** Rows with no known label in any of {@code labels} teach no head; dropped before embedding. */
  public static Dataset<Row> withAnyLabel(Dataset<Row> rows, List<String> labels) {
    Column any = lit(false);
    for (String c : labels) {
      any = any.or(col(c).isNotNull());
    }
    return rows.filter(any);
  }

  /**
   * Adds {@value #IS_VALIDATION}, true for about {@code fraction} of the texts, decided by a seeded
   * hash of the text alone: the same text lands on the same side on every run and every machine.
   */
  public static Dataset<Row> split(Dataset<Row> rows, double fraction, long seed) {
    Column bucket = pmod(xxhash64(lit(seed ^ SPLIT_SALT), col(TEXT)), lit(BUCKETS));
    return rows.withColumn(IS_VALIDATION, bucket.lt(lit((long) Math.round(fraction * BUCKETS))));
  }

  /** The cross-validation fold (0..folds-1) of each text, by a seeded hash of the text. */
  public static Column fold(int folds, long seed) {
    return pmod(xxhash64(lit(seed ^ FOLD_SALT), col(TEXT)), lit(folds));
  }

  /**
   * SHA-256 over the sorted (SHA-256 of text, labels) lines of the merged rows: changes when any
   * text or label changes, not when files are reordered or re-split.
   */
  public static String fingerprint(Dataset<Row> rows, List<String> labels) {
    List<Column> parts = new ArrayList<>();
    parts.add(sha2(col(TEXT), 256));
    if (hasContext(rows)) {
      // Only recipes with pairs hash the context, so single-text fingerprints stay as they were.
      parts.add(coalesce(sha2(col(CONTEXT), 256), lit("-")));
    }
    for (String c : labels) {
      parts.add(coalesce(col(c).cast(DataTypes.StringType), lit("?")));
    }
    Column line = org.apache.spark.sql.functions.concat_ws("\t", parts.toArray(new Column[0]));
    List<String> lines = new ArrayList<>(rows.select(line).as(org.apache.spark.sql.Encoders.STRING()).collectAsList());
    lines.sort(null);
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(String.join("\t", labels).getBytes(StandardCharsets.UTF_8));
      for (String l : lines) {
        digest.update((byte) '\n');
        digest.update(l.getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
