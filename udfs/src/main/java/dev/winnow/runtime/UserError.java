package dev.winnow.runtime;

import java.util.Optional;

/**
 * A mistake the user can fix: a setting, a missing or corrupt file, a model reference, a device
 * the machine does not have. The message is complete on its own (one line, naming the setting and
 * file at fault), so it is all a person needs to see. Made by {@link WinnowErrors}.
 *
 * <p>Serializable like every exception, so a check that fails inside a Spark task reaches the
 * driver with its setting intact and can be reported the same way as one that failed there.
 */
public class UserError extends WinnowException {

  private static final long serialVersionUID = 1L;

  private final String setting;
  private final String problem;

  /**
   * @param setting the setting at fault as users write it ({@code model.device}), or null when
   *     none is (a malformed command line)
   * @param problem what is wrong, without the setting
   */
  public UserError(String setting, String problem, Throwable cause) {
    super(setting == null ? problem : setting + ": " + problem, cause);
    this.setting = setting;
    this.problem = problem;
  }

  /** The setting at fault, as users write it. */
  public Optional<String> setting() {
    return Optional.ofNullable(setting);
  }

  /** What is wrong, without the setting. */
  public String problem() {
    return problem;
  }

  /**
   * The first user error in {@code failure}'s causes (itself included): how a check that failed
   * inside a Spark task, wrapped by Spark in its own exceptions, is found again on the driver.
   */
  public static Optional<UserError> findIn(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof UserError user) {
        return Optional.of(user);
      }
    }
    return Optional.empty();
  }
}
