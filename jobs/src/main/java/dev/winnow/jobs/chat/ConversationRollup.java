package dev.winnow.jobs.chat;

import static dev.winnow.jobs.chat.TurnColumns.CONVERSATION_ID;
import static dev.winnow.jobs.chat.TurnColumns.DATE;
import static dev.winnow.jobs.chat.TurnColumns.FLAGGED;
import static dev.winnow.jobs.chat.TurnColumns.REFUSED;
import static dev.winnow.jobs.chat.TurnColumns.ROLE;
import static dev.winnow.jobs.chat.TurnColumns.SCORE_PREFIX;
import static dev.winnow.jobs.chat.TurnColumns.SKIP_REASON;
import static dev.winnow.jobs.chat.TurnColumns.TIMESTAMP;
import static dev.winnow.jobs.chat.TurnColumns.TURN;
import static dev.winnow.jobs.chat.TurnColumns.USER_ID;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.last;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * One row per conversation, computed from its turns in the turn table (never from a run's new
 * turns alone), so a re-rolled conversation always equals a from-scratch recomputation.
 *
 * <p>{@code unsafe_compliance}: an assistant turn whose prompt (the latest user turn before it) is
 * flagged, and which is not a refusal: its refusal flag is false when a refusal signal is
 * configured; without one, only an assistant turn that is itself flagged counts. A refusal never
 * counts as flagged or unsafe.
 */
final class ConversationRollup {

  public static final String FIRST_DATE = "first_date";
  public static final String LAST_DATE = "last_date";
  public static final String TURNS = "turns";
  public static final String MAX_SCORE_PREFIX = "max_score_";
  public static final String FIRST_FLAGGED_TURN = "first_flagged_turn";
  public static final String UNSAFE_COMPLIANCE = "unsafe_compliance";
  public static final String UNSAFE_COMPLIANCE_TURNS = "unsafe_compliance_turns";
  public static final String FIRST_UNSAFE_COMPLIANCE_TURN = "first_unsafe_compliance_turn";
  public static final String FIRST_UNSAFE_COMPLIANCE_DATE = "first_unsafe_compliance_date";
  public static final String RUN_ID = "run_id";
  public static final String UPDATED_AT = "updated_at";

  /** Columns that record when a row was written rather than what the conversation is. */
  static final List<String> BOOKKEEPING = List.of(RUN_ID, UPDATED_AT);

  private static final String COMPLIANCE = "_compliance";

  private ConversationRollup() {}

  /**
   * @param turns every turn of the conversations to roll up, turn-table columns
   * @param categories the turn table's score categories
   */
  static Dataset<Row> compute(Dataset<Row> turns, List<String> categories, boolean hasUserId, String runId,
      Timestamp updatedAt) {
    WindowSpec before = Window.partitionBy(CONVERSATION_ID).orderBy(TURN)
        .rowsBetween(Window.unboundedPreceding(), -1);
    Column promptFlagged = coalesce(last(when(col(ROLE).equalTo(RoleSpec.USER), col(FLAGGED)), true).over(before),
        lit(false));
    Column complied = when(col(REFUSED).isNotNull(), not(col(REFUSED))).otherwise(col(FLAGGED));
    Column compliance = col(ROLE).equalTo(RoleSpec.ASSISTANT).and(col(SKIP_REASON).isNull())
        .and(promptFlagged).and(complied);
    Dataset<Row> marked = turns.withColumn(COMPLIANCE, compliance);

    Column isUser = col(ROLE).equalTo(RoleSpec.USER);
    Column isAssistant = col(ROLE).equalTo(RoleSpec.ASSISTANT);
    Column isCompliance = col(COMPLIANCE);
    List<Column> aggs = new ArrayList<>();
    if (hasUserId) {
      aggs.add(max(USER_ID).as(USER_ID));
    }
    aggs.addAll(List.of(
        min(DATE).as(FIRST_DATE),
        max(DATE).as(LAST_DATE),
        min(TIMESTAMP).as("first_at"),
        max(TIMESTAMP).as("last_at"),
        count(lit(1)).as(TURNS),
        count(when(isUser, 1)).as("user_turns"),
        count(when(isAssistant, 1)).as("assistant_turns"),
        count(when(not(isUser.or(isAssistant)), 1)).as("other_turns"),
        count(when(isUser.and(col(FLAGGED)), 1)).as("flagged_user_turns"),
        count(when(isAssistant.and(col(FLAGGED)), 1)).as("flagged_assistant_turns"),
        count(when(isAssistant.and(col(REFUSED)), 1)).as("refused_assistant_turns")));
    for (String category : categories) {
      aggs.add(max(SCORE_PREFIX + category).as(MAX_SCORE_PREFIX + category));
    }
    Column firstFlagged = min(when(col(FLAGGED), struct(col(TURN), col(ROLE))));
    Column firstCompliance = min(when(isCompliance, struct(col(TURN), col(DATE))));
    aggs.addAll(List.of(
        count(when(col(FLAGGED), 1)).gt(0).as(FLAGGED),
        firstFlagged.getField(TURN).as(FIRST_FLAGGED_TURN),
        firstFlagged.getField(ROLE).as("first_flagged_role"),
        count(when(isCompliance, 1)).gt(0).as(UNSAFE_COMPLIANCE),
        count(when(isCompliance, 1)).as(UNSAFE_COMPLIANCE_TURNS),
        firstCompliance.getField(TURN).as(FIRST_UNSAFE_COMPLIANCE_TURN),
        firstCompliance.getField(DATE).as(FIRST_UNSAFE_COMPLIANCE_DATE),
        lit(runId).as(RUN_ID),
        lit(updatedAt).as(UPDATED_AT)));
    return marked.groupBy(CONVERSATION_ID).agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(new Column[0]));
  }

  /** The columns two rollups of one conversation are compared on: all but the bookkeeping. */
  static List<String> comparedColumns(Dataset<Row> rollup) {
    return Arrays.stream(rollup.columns()).filter(c -> !BOOKKEEPING.contains(c)).toList();
  }
}
