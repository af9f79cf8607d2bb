package dev.winnow.jobs;

import dev.winnow.jobs.config.JobArgs;
import dev.winnow.jobs.config.JobName;
import dev.winnow.runtime.UserError;
import dev.winnow.spark.DjlOffline;
import java.io.PrintStream;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;

/**
 * What every job's {@code main} does: parse the command line, load and check the settings before
 * starting anything, run, print the summary.
 *
 * <p>A {@link UserError} (a bad setting, input or model; also one raised inside a Spark task and
 * wrapped by Spark) exits with 2 and its one-line message: the user can fix it. Anything else is a
 * failure or a bug, whoever threw it (Spark, DJL, Winnow), and exits with 1 and its stack trace.
 */
public final class JobCommand {

  private static final int FAILED = 1;
  private static final int BAD_SETTINGS = 2;

  private JobCommand() {}

  /**
   * Ends a {@code main} with a job's exit code. Success returns normally instead of exiting, so
   * that a caller embedding the job (spark-submit's driver, a notebook) keeps its JVM.
   */
  public static void exitOnFailure(int code) {
    if (code != 0) {
      System.exit(code);
    }
  }

  /**
   * Runs a job in a Spark session of its own, stopped when the job ends.
   *
   * @param job its command is the name in messages and the Spark app name ({@code winnow-<job>});
   *     its settings file is {@code conf/<job>.conf}
   * @param load settings from the command line; throws {@link UserError} naming the key
   * @param run the job; returns the summary to print
   */
  public static <C> int execute(JobName job, String[] args, PrintStream out, PrintStream err,
      Function<JobArgs, C> load, BiFunction<C, SparkSession, String> run) {
    Parsed<C> parsed = parse(job, args, out, err, load);
    if (parsed.settled()) {
      return parsed.exitCode();
    }
    SparkSession spark = JobSessions.getOrCreate("winnow-" + job.command());
    try (JobProgress.Handle progress = JobProgress.start(job.command(), spark.sparkContext(), err)) {
      return print(job, out, err, () -> run.apply(parsed.config(), spark));
    } finally {
      spark.stop();
    }
  }

  /**
   * Runs a job that needs no Spark session in this JVM (the bench starts its modes in JVMs of
   * their own); otherwise as {@link #execute}.
   */
  public static <C> int executeLocal(JobName job, String[] args, PrintStream out, PrintStream err,
      Function<JobArgs, C> load, Function<C, String> run) {
    Parsed<C> parsed = parse(job, args, out, err, load);
    if (parsed.settled()) {
      return parsed.exitCode();
    }
    return print(job, out, err, () -> run.apply(parsed.config()));
  }

  /**
   * The settings to run with, or the exit code when the command line alone decides it: usage
   * asked for, or settings that do not load.
   */
  private static <C> Parsed<C> parse(JobName job, String[] args, PrintStream out, PrintStream err,
      Function<JobArgs, C> load) {
    // Before anything can touch DJL: it reads these settings once, on first use.
    DjlOffline.enforce();
    JobArgs parsed;
    try {
      parsed = JobArgs.parse(job, args);
    } catch (UserError e) {
      // A malformed command line gets the job's usage; bad settings get only their error.
      err.println("winnow " + job.command() + ": " + e.getMessage() + "\n" + JobArgs.usage(job));
      return Parsed.exit(BAD_SETTINGS);
    }
    try {
      if (parsed.help()) {
        out.println(JobArgs.usage(job));
        return Parsed.exit(0);
      }
      return Parsed.run(load.apply(parsed));
    } catch (RuntimeException e) {
      return Parsed.exit(fail(job, err, e));
    }
  }

  private static int print(JobName job, PrintStream out, PrintStream err, Supplier<String> run) {
    try {
      out.print(run.get());
      return 0;
    } catch (Exception e) {
      // Exception, not RuntimeException: Spark throws its checked SparkException from Scala code.
      return fail(job, err, e);
    }
  }

  private static int fail(JobName job, PrintStream err, Exception e) {
    Optional<UserError> mistake = UserError.findIn(e);
    if (mistake.isPresent()) {
      err.println("winnow " + job.command() + ": " + mistake.get().getMessage());
      return BAD_SETTINGS;
    }
    err.println("winnow " + job.command() + ": failed (a bug or an environment failure, not a setting):");
    e.printStackTrace(err);
    return FAILED;
  }

  /** {@code config} is null when the command line settled the exit code. */
  private record Parsed<C>(C config, int exitCode) {

    static <C> Parsed<C> run(C config) {
      return new Parsed<>(config, 0);
    }

    static <C> Parsed<C> exit(int exitCode) {
      return new Parsed<>(null, exitCode);
    }

    boolean settled() {
      return config == null;
    }
  }
}
