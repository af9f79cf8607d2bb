package dev.winnow.jobs.chat;

import static dev.winnow.jobs.chat.TurnColumns.CONTENT_HASH;
import static dev.winnow.jobs.chat.TurnColumns.CONTEXT_TURN;
import static dev.winnow.jobs.chat.TurnColumns.CONVERSATION_ID;
import static dev.winnow.jobs.chat.TurnColumns.DATE;
import static dev.winnow.jobs.chat.TurnColumns.FLAGGED;
import static dev.winnow.jobs.chat.TurnColumns.FLAGS;
import static dev.winnow.jobs.chat.TurnColumns.MODEL;
import static dev.winnow.jobs.chat.TurnColumns.REFUSAL_SCORE;
import static dev.winnow.jobs.chat.TurnColumns.REFUSED;
import static dev.winnow.jobs.chat.TurnColumns.ROLE;
import static dev.winnow.jobs.chat.TurnColumns.ROLE_NOT_SCORED;
import static dev.winnow.jobs.chat.TurnColumns.RUN_ID;
import static dev.winnow.jobs.chat.TurnColumns.SCORED_AT;
import static dev.winnow.jobs.chat.TurnColumns.SCORE_PREFIX;
import static dev.winnow.jobs.chat.TurnColumns.SKIP_REASON;
import static dev.winnow.jobs.chat.TurnColumns.TEXT;
import static dev.winnow.jobs.chat.TurnColumns.TIMESTAMP;
import static dev.winnow.jobs.chat.TurnColumns.TURN;
import static dev.winnow.jobs.chat.TurnColumns.USER_ID;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;

import dev.winnow.runtime.ModelInfo;
import dev.winnow.spark.ClassifierFactory;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * Turns in, turn-table rows out: each scored role's turns through its {@link RoleScorer}, other
 * roles (system, tool) kept unscored, all in the turn table's column order.
 */
final class TurnScoring {

  private final List<RoleScorer> roles;
  private final List<String> categories;
  private final PrivacySpec privacy;

  private TurnScoring(List<RoleScorer> roles, List<String> categories, PrivacySpec privacy) {
    this.roles = List.copyOf(roles);
    this.categories = List.copyOf(categories);
    this.privacy = privacy;
  }

  /**
   * Describes every model once and checks categories and thresholds against their labels.
   *
   * @throws dev.winnow.jobs.config.ConfigError naming the setting at fault
   */
  static TurnScoring prepare(ChatLogsConfig config, ClassifierFactory factory) {
    Map<String, ModelInfo> described = new LinkedHashMap<>();
    List<RoleScorer> roles = new ArrayList<>();
    LinkedHashSet<String> categories = new LinkedHashSet<>();
    for (RoleSpec role : config.roles()) {
      roles.add(RoleScorer.prepare(role, config.thresholds().thresholds(), factory, described));
      categories.addAll(role.categories());
    }
    ModelThresholds.checkAllUsed(config.thresholds(), described.values());
    return new TurnScoring(roles, new ArrayList<>(categories), config.privacy());
  }

  /** Every role's harm categories, user's first: the turn table's {@code score_<category>} columns. */
  List<String> categories() {
    return categories;
  }

  List<RoleScorer> roles() {
    return roles;
  }

  /** Model ids by role, for metrics and summaries. */
  String modelIds() {
    return String.join(" ", roles.stream().map(r -> r.spec().role() + "=" + r.modelIds()).toList());
  }

  /**
   * The incoming turns with what the roles' models need besides the text: the previous user turn,
   * when a role is scored with context. Taken from the whole selection, before already-scored
   * turns are dropped, so a new response finds its prompt when both are in the selection even if
   * the prompt itself was scored by an earlier run (a re-delivered conversation, a {@code since}
   * rerun). A prompt delivered only on an earlier night is not there: the response is scored alone.
   */
  Dataset<Row> prepareInput(Dataset<Row> incoming) {
    return roles.stream().anyMatch(RoleScorer::withContext) ? IncomingTurns.withPreviousUserTurn(incoming) : incoming;
  }

  /** Scores {@code turns} (as {@link #prepareInput} leaves them) into turn-table rows. */
  Dataset<Row> score(Dataset<Row> turns, String runId, Timestamp scoredAt) {
    Dataset<Row> all = null;
    List<String> scoredRoles = new ArrayList<>();
    for (RoleScorer role : roles) {
      String name = role.spec().role();
      scoredRoles.add(name);
      all = union(all, select(role.score(turns.filter(col(ROLE).equalTo(name)), categories), runId, scoredAt));
    }
    Dataset<Row> others = turns.filter(col(ROLE).isin(scoredRoles.toArray()).unary_$bang());
    for (String category : categories) {
      others = others.withColumn(SCORE_PREFIX + category, lit(null).cast(DataTypes.FloatType));
    }
    others = others
        .withColumn(FLAGS, array().cast("array<string>"))
        .withColumn(REFUSAL_SCORE, lit(null).cast(DataTypes.FloatType))
        .withColumn(REFUSED, lit(null).cast(DataTypes.BooleanType))
        .withColumn(SKIP_REASON, lit(ROLE_NOT_SCORED))
        .withColumn(MODEL, lit(null).cast(DataTypes.StringType))
        .withColumn(CONTEXT_TURN, lit(null).cast(DataTypes.IntegerType));
    return union(all, select(others, runId, scoredAt));
  }

  private Dataset<Row> select(Dataset<Row> scored, String runId, Timestamp scoredAt) {
    List<Column> out = new ArrayList<>(List.of(col(CONVERSATION_ID), col(TURN), col(ROLE)));
    if (privacy.userId() != UserIdPolicy.DROP) {
      out.add(col(USER_ID));
    }
    out.addAll(List.of(col(TIMESTAMP), col(DATE), col(CONTENT_HASH)));
    if (privacy.keepText()) {
      out.add(col(TEXT));
    }
    out.add(col(CONTEXT_TURN));
    for (String category : categories) {
      out.add(col(SCORE_PREFIX + category));
    }
    out.addAll(List.of(col(REFUSAL_SCORE), col(FLAGS), size(col(FLAGS)).gt(0).as(FLAGGED), col(REFUSED),
        col(SKIP_REASON), col(MODEL), lit(runId).as(RUN_ID), lit(scoredAt).as(SCORED_AT)));
    return scored.select(out.toArray(new Column[0]));
  }

  private static Dataset<Row> union(Dataset<Row> a, Dataset<Row> b) {
    return a == null ? b : a.unionByName(b);
  }
}
