package dev.winnow.jobs.config;

import java.util.Objects;

/**
 * A setting's value that must never be printed (a salt, a token): {@link #toString()} masks it, so
 * a config record holding one can be logged, and {@link Settings} never repeats it in an error.
 * Read it from the environment in the config file ({@code salt = ${?WINNOW_SALT}}), not from the
 * command line, where process listings and shell history would show it.
 */
public final class Secret {

  static final String MASK = "'***' (hidden)";

  private final String value;

  public Secret(String value) {
    this.value = Objects.requireNonNull(value, "value");
  }

  /** The value itself, for the one place that uses it. */
  public String reveal() {
    return value;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Secret s && s.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return "Secret[***]";
  }
}
