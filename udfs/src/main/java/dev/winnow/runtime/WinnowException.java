package dev.winnow.runtime;

/**
 * An error Winnow raises on purpose, as opposed to a bug or a failure in Spark, DJL or the
 * machine. Only its {@link UserError} kind means "the user can fix this"; front ends (the jobs'
 * command line) print those as one line and everything else with its stack trace.
 *
 * <p>It extends {@link IllegalArgumentException} only so that callers written before Winnow had
 * its own types keep catching what they caught; new code catches these types by name.
 */
public abstract class WinnowException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  protected WinnowException(String message, Throwable cause) {
    super(message, cause);
  }
}
