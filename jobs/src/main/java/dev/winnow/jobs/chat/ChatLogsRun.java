package dev.winnow.jobs.chat;

import static dev.winnow.jobs.chat.TurnColumns.CONTENT_HASH;
import static dev.winnow.jobs.chat.TurnColumns.CONVERSATION_ID;
import static dev.winnow.jobs.chat.TurnColumns.DATE;
import static dev.winnow.jobs.chat.TurnColumns.TURN;

import dev.winnow.spark.ClassifierFactory;
import io.delta.tables.DeltaTable;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * One chatlogs run: the selected nights' turns -> only those not scored yet (new key, or changed
 * content) -> scored per role -> MERGEd into the turn table -> every conversation seen in the
 * selection re-rolled from the turn table and MERGEd into the conversation table -> each night's
 * metrics row replaced.
 *
 * <p>Each table changes in one Delta commit. A run that stops between commits is repaired by
 * running it again: already-scored turns are skipped and the rollups are recomputed.
 */
public final class ChatLogsRun {

  private ChatLogsRun() {}

  /** What a run did; also printed as the job's summary. */
  public record Result(
      String runId,
      String nights,
      String models,
      long selectedTurns,
      long scoredTurns,
      DeltaUpsert.Counts turns,
      long rolledConversations,
      DeltaUpsert.Counts conversations,
      List<NightMetrics> metrics) {

    public Result {
      metrics = List.copyOf(metrics);
    }
  }

  /**
   * @param factory how model references become classifiers; {@link ClassifierFactory#models()} in
   *     production
   * @throws dev.winnow.jobs.config.ConfigError naming the setting when a check fails before scoring
   */
  public static Result run(ChatLogsConfig config, SparkSession spark, ClassifierFactory factory) {
    Instant started = Instant.now();
    String runId = UUID.randomUUID().toString();
    Timestamp now = Timestamp.from(started);
    ChatTables tables = config.tables();
    TurnScoring scoring = TurnScoring.prepare(config, factory);
    boolean hasUserId = config.privacy().userId() != UserIdPolicy.DROP;
    DeltaUpsert turnTable = new DeltaUpsert(tables.turns(), "output.turns", List.of(CONVERSATION_ID, TURN), List.of(DATE));
    DeltaUpsert conversationTable = new DeltaUpsert(tables.conversations(), "output.conversations",
        List.of(CONVERSATION_ID), List.of());

    Dataset<Row> incoming = IncomingTurns.read(spark, config).persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> scored = scoring.score(unscored(spark, tables.turns(), scoring.prepareInput(incoming)), runId, now);
    turnTable.checkSchema(spark, scored.schema());
    conversationTable.checkSchema(spark,
        ConversationRollup.compute(scored, scoring.categories(), hasUserId, runId, now).schema());

    try {
      long selected = incoming.count();
      // Materialized before the MERGE changes the table the anti-join read: the model runs once.
      scored = scored.persist(StorageLevel.MEMORY_AND_DISK());
      long scoredCount = scored.count();
      DeltaUpsert.Counts turnCounts = turnTable.apply(spark, scored, List.of());

      Dataset<Row> touched = incoming.select(CONVERSATION_ID).distinct();
      Dataset<Row> allTurns = spark.read().format("delta").load(tables.turns());
      Dataset<Row> rollup = ConversationRollup.compute(
          allTurns.join(touched, allTurns.col(CONVERSATION_ID).equalTo(touched.col(CONVERSATION_ID)), "left_semi"),
          scoring.categories(), hasUserId, runId, now);
      long rolled = touched.count();
      DeltaUpsert.Counts conversationCounts =
          conversationTable.apply(spark, rollup, ConversationRollup.comparedColumns(rollup));

      List<Date> nights = incoming.select(DATE).distinct().orderBy(DATE).collectAsList().stream()
          .map(r -> r.getDate(0)).toList();
      List<NightMetrics> metrics = NightlyMetrics.compute(spark.read().format("delta").load(tables.turns()),
          spark.read().format("delta").load(tables.conversations()), nights, scoring, runId,
          config.input().source().path(), started, Instant.now());
      NightlyMetrics.replace(spark, nights, metrics, tables.metrics());
      return new Result(runId, config.nights().describe(), scoring.modelIds(), selected, scoredCount, turnCounts,
          rolled, conversationCounts, metrics);
    } finally {
      scored.unpersist();
      incoming.unpersist();
    }
  }

  /**
   * The incoming turns the turn table does not hold yet: a new key, or a known key with other
   * content, unless the table's row came from a later delivery (a rerun of an old night must not
   * revert a message re-delivered since). Read at the table's current version, so the MERGE that
   * follows cannot change the answer.
   */
  private static Dataset<Row> unscored(SparkSession spark, String turnsPath, Dataset<Row> incoming) {
    if (!DeltaTable.isDeltaTable(spark, turnsPath)) {
      return incoming;
    }
    long version = DeltaUpsert.version(DeltaTable.forPath(spark, turnsPath));
    Dataset<Row> known = spark.read().format("delta").option("versionAsOf", version).load(turnsPath)
        .select(CONVERSATION_ID, TURN, CONTENT_HASH, DATE);
    Column sameKey = incoming.col(CONVERSATION_ID).equalTo(known.col(CONVERSATION_ID))
        .and(incoming.col(TURN).equalTo(known.col(TURN)));
    Column upToDate = incoming.col(CONTENT_HASH).equalTo(known.col(CONTENT_HASH))
        .or(known.col(DATE).gt(incoming.col(DATE)));
    return incoming.join(known, sameKey.and(upToDate), "left_anti");
  }
}
