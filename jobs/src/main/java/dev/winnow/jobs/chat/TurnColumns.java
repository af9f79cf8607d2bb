package dev.winnow.jobs.chat;

/** Column names of the turn table, shared by the stages that build and read it. */
public final class TurnColumns {

  public static final String CONVERSATION_ID = "conversation_id";
  public static final String TURN = "turn";
  public static final String ROLE = "role";
  public static final String USER_ID = "user_id";
  public static final String TIMESTAMP = "timestamp";
  public static final String DATE = "date";
  public static final String CONTENT_HASH = "content_hash";
  public static final String TEXT = "text";
  public static final String CONTEXT_TURN = "context_turn";
  public static final String SCORE_PREFIX = "score_";
  public static final String REFUSAL_SCORE = "refusal_score";
  public static final String FLAGS = "flags";
  public static final String FLAGGED = "flagged";
  public static final String REFUSED = "refused";
  public static final String SKIP_REASON = "skip_reason";
  public static final String MODEL = "model";
  public static final String RUN_ID = "run_id";
  public static final String SCORED_AT = "scored_at";

  /** Skip reason of system, tool and other turns that no role's model judges. */
  public static final String ROLE_NOT_SCORED = "role_not_scored";

  private TurnColumns() {}
}
