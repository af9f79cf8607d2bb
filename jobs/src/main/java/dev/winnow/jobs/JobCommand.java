package dev.winnow.jobs;

import dev.winnow.jobs.config.JobArgs;
import dev.winnow.spark.DjlOffline;
import java.io.PrintStream;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;

/**
 * What every job's {@code main} does: parse the command line, load and check the settings before
 * starting Spark, run, print the summary. Bad settings and inputs exit with 2 and a one-line message.
 */
final class JobCommand {

  private JobCommand() {}

  /**
   * @param job name in messages and the Spark app name ({@code winnow-<job>})
   * @param load settings from the command line; throws {@link IllegalArgumentException} naming the key
   * @param run the job; returns the summary to print
   */
  static <C> int execute(String job, String[] args, PrintStream out, PrintStream err,
      Function<JobArgs, C> load, BiFunction<C, SparkSession, String> run) {
    DjlOffline.enforce();
    C config;
    try {
      JobArgs parsed = JobArgs.parse(args);
      if (parsed.help()) {
        out.println(JobArgs.USAGE);
        return 0;
      }
      config = load.apply(parsed);
    } catch (IllegalArgumentException e) {
      err.println("winnow " + job + ": " + e.getMessage());
      return 2;
    }
    SparkSession spark = JobSessions.getOrCreate("winnow-" + job);
    try {
      out.print(run.apply(config, spark));
      return 0;
    } catch (IllegalArgumentException e) {
      err.println("winnow " + job + ": " + e.getMessage());
      return 2;
    } finally {
      spark.stop();
    }
  }
}
