package dev.winnow.runtime.testing;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Something a test needs from outside the clone (labeled data, an installed tool). Missing, the
 * test is skipped with a message, except under {@code CI=true}, where CI installs or provides it,
 * so its absence must fail the build rather than silently test less.
 */
public final class Prerequisites {

  private Prerequisites() {}

  /** Returns when {@code present}; otherwise fails under CI and skips elsewhere, saying {@code missing}. */
  public static void require(boolean present, String missing) {
    if (present) {
      return;
    }
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      Assertions.fail(missing + "; under CI=true this is a failure");
    }
    Assumptions.abort(missing + "; skipping");
  }
}
