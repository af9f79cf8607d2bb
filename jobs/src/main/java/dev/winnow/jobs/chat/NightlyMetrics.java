package dev.winnow.jobs.chat;

import static dev.winnow.jobs.chat.TurnColumns.CONVERSATION_ID;
import static dev.winnow.jobs.chat.TurnColumns.DATE;
import static dev.winnow.jobs.chat.TurnColumns.FLAGGED;
import static dev.winnow.jobs.chat.TurnColumns.FLAGS;
import static dev.winnow.jobs.chat.TurnColumns.REFUSED;
import static dev.winnow.jobs.chat.TurnColumns.ROLE;
import static dev.winnow.jobs.chat.TurnColumns.RUN_ID;
import static dev.winnow.jobs.chat.TurnColumns.SCORE_PREFIX;
import static dev.winnow.jobs.chat.TurnColumns.SKIP_REASON;
import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import dev.winnow.jobs.chat.NightMetrics.CategoryStats;
import dev.winnow.jobs.chat.NightMetrics.RoleStats;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The nightly trend numbers, computed from the turn and conversation tables as they are after a
 * run, and written to a Delta table keyed by night: per role and category flag rates over the
 * night's turns, refusal rates, and the conversations whose first unsafe compliance happened that
 * night.
 *
 * <p>The table holds one row per night, the latest run's: trend plots read it as it is. A rerun
 * replaces its nights' rows, since late turns and edits can change a night's numbers after the
 * fact.
 */
final class NightlyMetrics {

  public static final StructType ROLE_STATS = new StructType()
      .add("role", DataTypes.StringType, false)
      .add("turns", DataTypes.LongType, false)
      .add("new_turns", DataTypes.LongType, false)
      .add("scored_turns", DataTypes.LongType, false)
      .add("flagged_turns", DataTypes.LongType, false)
      .add("flag_rate", DataTypes.DoubleType, true)
      .add("refused_turns", DataTypes.LongType, false)
      .add("refusal_rate", DataTypes.DoubleType, true);

  public static final StructType CATEGORY_STATS = new StructType()
      .add("role", DataTypes.StringType, false)
      .add("category", DataTypes.StringType, false)
      .add("threshold", DataTypes.DoubleType, false)
      .add("scored_turns", DataTypes.LongType, false)
      .add("flagged_turns", DataTypes.LongType, false)
      .add("flag_rate", DataTypes.DoubleType, true)
      .add("mean", DataTypes.DoubleType, true);

  public static final StructType SCHEMA = new StructType()
      .add("run_id", DataTypes.StringType, false)
      .add("night", DataTypes.DateType, false)
      .add("started_at", DataTypes.TimestampType, false)
      .add("finished_at", DataTypes.TimestampType, false)
      .add("input_path", DataTypes.StringType, false)
      .add("models", DataTypes.StringType, false)
      .add("turns", DataTypes.LongType, false)
      .add("new_turns", DataTypes.LongType, false)
      .add("conversations", DataTypes.LongType, false)
      .add("unsafe_compliance_conversations", DataTypes.LongType, false)
      .add("roles", DataTypes.createArrayType(ROLE_STATS, false), false)
      .add("categories", DataTypes.createArrayType(CATEGORY_STATS, false), false);

  private NightlyMetrics() {}

  /**
   * One entry per night in {@code nights} that has turns.
   *
   * @param turns the turn table
   * @param conversations the conversation table
   */
  static List<NightMetrics> compute(Dataset<Row> turns, Dataset<Row> conversations, List<Date> nights,
      TurnScoring scoring, String runId, String inputPath, Instant startedAt, Instant finishedAt) {
    Column inNights = col(DATE).isin(nights.toArray());
    List<Column> aggs = new ArrayList<>(List.of(
        count(when(col(RUN_ID).equalTo(runId), 1)).as("new"),
        count(when(col(SKIP_REASON).isNull(), 1)).as("scored"),
        count(when(col(FLAGGED), 1)).as("flagged"),
        count(when(col(REFUSED), 1)).as("refused"),
        count(col(REFUSED)).as("judged_refusal")));
    for (String category : scoring.categories()) {
      aggs.add(count(col(SCORE_PREFIX + category)).as("n_" + category));
      aggs.add(count(when(array_contains(col(FLAGS), category), 1)).as("f_" + category));
      aggs.add(avg(col(SCORE_PREFIX + category)).as("m_" + category));
    }
    List<Row> byRole = turns.filter(inNights).groupBy(DATE, ROLE)
        .agg(count(lit(1)).as("turns"), aggs.toArray(new Column[0])).collectAsList();
    Map<Date, Long> conversationCounts = counts(turns.filter(inNights).groupBy(DATE)
        .agg(countDistinct(CONVERSATION_ID)).collectAsList());
    Map<Date, Long> compliance = counts(conversations
        .filter(col(ConversationRollup.FIRST_UNSAFE_COMPLIANCE_DATE).isin(nights.toArray()))
        .groupBy(ConversationRollup.FIRST_UNSAFE_COMPLIANCE_DATE).count().collectAsList());

    Map<String, RoleScorer> scorers = new HashMap<>();
    scoring.roles().forEach(r -> scorers.put(r.spec().role(), r));
    Map<Date, List<Row>> byNight = new TreeMap<>();
    for (Row r : byRole) {
      byNight.computeIfAbsent(r.getDate(0), d -> new ArrayList<>()).add(r);
    }
    List<NightMetrics> out = new ArrayList<>();
    for (Map.Entry<Date, List<Row>> night : byNight.entrySet()) {
      List<RoleStats> roles = new ArrayList<>();
      List<CategoryStats> categories = new ArrayList<>();
      night.getValue().sort(Comparator.comparing(r -> r.getString(1)));
      for (Row r : night.getValue()) {
        String role = r.getString(1);
        long scored = r.getAs("scored");
        long flagged = r.getAs("flagged");
        long refused = r.getAs("refused");
        roles.add(new RoleStats(role, r.getAs("turns"), r.getAs("new"), scored, flagged, ratio(flagged, scored),
            refused, ratio(refused, r.getAs("judged_refusal"))));
        RoleScorer scorer = scorers.get(role);
        for (String category : scorer == null ? List.<String>of() : scorer.spec().categories()) {
          long n = r.getAs("n_" + category);
          long f = r.getAs("f_" + category);
          categories.add(new CategoryStats(role, category, scorer.threshold(category), n, f, ratio(f, n),
              r.getAs("m_" + category)));
        }
      }
      out.add(new NightMetrics(runId, night.getKey().toLocalDate(), startedAt, finishedAt, inputPath,
          scoring.modelIds(), roles.stream().mapToLong(RoleStats::turns).sum(),
          roles.stream().mapToLong(RoleStats::newTurns).sum(),
          conversationCounts.getOrDefault(night.getKey(), 0L), compliance.getOrDefault(night.getKey(), 0L),
          roles, categories));
    }
    return out;
  }

  /**
   * Writes {@code metrics} in place of every row the table holds for {@code nights}, in one Delta
   * commit ({@code replaceWhere}): readers see the old rows or the new ones, never both or none.
   * Deleting by night rather than MERGEing on it also repairs tables where earlier versions of the
   * job appended several rows per night, and drops the row of a night left without turns (all of
   * them re-delivered later, so dated later).
   *
   * @param nights the nights the run selected; {@code metrics} has a row for those with turns
   */
  static void replace(SparkSession spark, List<Date> nights, List<NightMetrics> metrics, String tablePath) {
    if (nights.isEmpty()) {
      return;
    }
    List<Row> rows = metrics.stream().map(NightlyMetrics::toRow).toList();
    spark.createDataFrame(rows, SCHEMA).write().format("delta").mode("overwrite")
        .option("replaceWhere", nightsPredicate(nights)).save(tablePath);
  }

  private static String nightsPredicate(List<Date> nights) {
    return nights.stream().map(night -> "DATE'" + night + "'").collect(Collectors.joining(", ", "night IN (", ")"));
  }

  static Row toRow(NightMetrics m) {
    List<Row> roles = m.roles().stream().map(r -> RowFactory.create(r.role(), r.turns(), r.newTurns(),
        r.scoredTurns(), r.flaggedTurns(), r.flagRate(), r.refusedTurns(), r.refusalRate())).toList();
    List<Row> categories = m.categories().stream().map(c -> RowFactory.create(c.role(), c.category(),
        c.threshold(), c.scoredTurns(), c.flaggedTurns(), c.flagRate(), c.mean())).toList();
    return RowFactory.create(m.runId(), Date.valueOf(m.night()), Timestamp.from(m.startedAt()),
        Timestamp.from(m.finishedAt()), m.inputPath(), m.models(), m.turns(), m.newTurns(), m.conversations(),
        m.unsafeCompliance(), roles, categories);
  }

  private static Map<Date, Long> counts(List<Row> rows) {
    Map<Date, Long> out = new HashMap<>();
    rows.forEach(r -> out.put(r.getDate(0), r.getLong(1)));
    return out;
  }

  private static Double ratio(long part, long whole) {
    return whole == 0 ? null : (double) part / whole;
  }
}
