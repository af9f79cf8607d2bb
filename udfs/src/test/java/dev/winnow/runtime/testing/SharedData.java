package dev.winnow.runtime.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The labeled public data in {@code ../shared/data} (system property {@code winnow.data.dir}).
 * It is never committed: a clone without it skips the tests that need it, except under
 * {@code CI=true}, where missing data must fail the build rather than silently test less.
 */
public final class SharedData {

  private SharedData() {}

  public static Path root() {
    return Path.of(System.getProperty("winnow.data.dir", "../shared/data"));
  }

  /** The file under the data root, or a skipped (locally) / failed (CI) test. */
  public static Path require(String relative) {
    Path file = root().resolve(relative);
    Prerequisites.require(Files.exists(file), "labeled data " + file.toAbsolutePath().normalize() + " is missing "
        + "(set -Dwinnow.data.dir or place shared/data beside the repository)");
    return file;
  }
}
