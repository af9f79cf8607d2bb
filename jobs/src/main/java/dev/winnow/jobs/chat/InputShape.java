package dev.winnow.jobs.chat;

/** How a chat-log input lays out its messages. */
public enum InputShape {
  /** One row per message: conversation id, turn index, role, text. */
  MESSAGES,
  /** One row per conversation with an array of {@code {role, content}} messages in turn order. */
  CONVERSATIONS
}
