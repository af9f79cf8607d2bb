package dev.winnow.jobs.chat;

/** What a turn is scored with, besides its own text. */
public enum ContextMode {
  /** The turn alone. */
  NONE,
  /** The previous user turn as context when the role's model accepts text pairs; else alone. */
  AUTO,
  /** The previous user turn as context; a model that does not accept pairs is an error. */
  PREVIOUS_USER_TURN
}
