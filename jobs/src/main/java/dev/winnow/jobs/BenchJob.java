package dev.winnow.jobs;

import dev.winnow.jobs.bench.BenchConfig;
import dev.winnow.jobs.bench.BenchReport;
import dev.winnow.jobs.bench.BenchRun;
import dev.winnow.jobs.config.JobName;
import dev.winnow.spark.DjlOffline;
import java.io.PrintStream;
import java.util.List;

/**
 * The {@code bench} job: scoring speed and memory of each execution mode on one synthetic corpus,
 * each mode in a JVM of its own (docs/PERFORMANCE.md); prints a table with the ratios against the
 * score job and writes {@code bench.json}.
 *
 * <pre>{@code
 * bin/winnow bench --config conf/bench.conf corpus.rows=2000
 * }</pre>
 */
public final class BenchJob {

  static {
    DjlOffline.enforce();
  }

  private BenchJob() {}

  public static void main(String[] args) {
    JobCommand.exitOnFailure(execute(args, System.out, System.err));
  }

  static int execute(String[] args, PrintStream out, PrintStream err) {
    return JobCommand.executeLocal(JobName.BENCH, args, out, err, BenchConfig::load, config -> {
      BenchReport report = BenchRun.run(config, List.of(args), out);
      return report.table() + "results: " + config.outputPath().resolve("bench.json") + System.lineSeparator();
    });
  }
}
