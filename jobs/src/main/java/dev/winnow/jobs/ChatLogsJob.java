package dev.winnow.jobs;

import dev.winnow.jobs.chat.ChatLogsConfig;
import dev.winnow.jobs.chat.ChatLogsRun;
import dev.winnow.jobs.chat.ChatSummary;
import dev.winnow.jobs.config.JobName;
import dev.winnow.spark.ClassifierFactory;
import dev.winnow.spark.DjlOffline;
import java.io.PrintStream;

/**
 * The {@code chatlogs} job: scores the chat turns of one night (or every night since a date) that
 * are not scored yet, per role, and keeps a turn table, a conversation rollup table and nightly
 * metrics current; see {@code docs/CHATLOGS.md}.
 *
 * <pre>{@code
 * spark-submit --class dev.winnow.jobs.ChatLogsJob winnow-jobs.jar --config conf/chatlogs.conf \
 *     --date 2026-11-02
 * }</pre>
 */
public final class ChatLogsJob {

  static {
    DjlOffline.enforce();
  }

  private ChatLogsJob() {}

  public static void main(String[] args) {
    JobCommand.exitOnFailure(execute(args, System.out, System.err));
  }

  /** Runs the job from a command line ({@code --date} / {@code --since} are settings too). */
  static int execute(String[] args, PrintStream out, PrintStream err) {
    return JobCommand.execute(JobName.CHATLOGS, args, out, err, ChatLogsConfig::load,
        (config, spark) -> ChatSummary.format(ChatLogsRun.run(config, spark, ClassifierFactory.models())));
  }
}
