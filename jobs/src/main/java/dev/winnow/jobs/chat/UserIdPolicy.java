package dev.winnow.jobs.chat;

/** What the tables keep of a conversation's user id. */
public enum UserIdPolicy {
  /** No user id column. */
  DROP,
  /** A keyed hash (HMAC-SHA-256 with the configured salt): stable across nights, not reversible. */
  HASH,
  /** The id as delivered. */
  KEEP
}
