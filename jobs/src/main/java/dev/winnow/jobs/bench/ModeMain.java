package dev.winnow.jobs.bench;

import dev.winnow.jobs.config.JobArgs;
import dev.winnow.jobs.config.JobName;
import dev.winnow.spark.DjlOffline;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One benchmark mode in a JVM of its own (so its peak RSS is its own), started by the bench job:
 * {@code ModeMain MODE ROWS CORPUS WARMUP [bench settings...]}. Prints one {@link #RESULT} line.
 */
public final class ModeMain {

  /** Prefix of the line carrying the result as JSON. */
  static final String RESULT = "WINNOW-BENCH-RESULT ";

  private ModeMain() {}

  private static final String USAGE = "usage: ModeMain MODE ROWS CORPUS WARMUP [bench settings...]"
      + " (started by bin/winnow bench; MODE one of " + Arrays.toString(BenchMode.values()) + ")";

  public static void main(String[] args) throws Exception {
    DjlOffline.enforce();
    if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
      System.out.println(USAGE);
      return;
    }
    if (args.length < 4 || Arrays.stream(BenchMode.values()).noneMatch(m -> m.name().equalsIgnoreCase(args[0]))) {
      System.err.println(USAGE);
      System.exit(2);
    }
    BenchMode mode = BenchMode.valueOf(args[0].toUpperCase(Locale.ROOT));
    int rows = Integer.parseInt(args[1]);
    Path corpus = Path.of(args[2]);
    Path warmupCorpus = Path.of(args[3]);
    BenchConfig config = BenchConfig.load(JobArgs.parse(JobName.BENCH, Arrays.copyOfRange(args, 4, args.length)));
    ModeResult result = switch (mode) {
      case SPARK -> SparkMode.run(config, warmupCorpus, corpus, rows);
      case RUNTIME -> LocalModes.runtime(config, CorpusFiles.read(warmupCorpus), first(corpus, rows));
      case ONNX -> LocalModes.onnx(config, CorpusFiles.read(warmupCorpus), first(corpus, rows));
      case PER_ROW -> LocalModes.perRow(config, CorpusFiles.read(warmupCorpus), first(corpus, rows));
    };
    System.out.println(RESULT + result.toLine());
    System.out.flush();
    // Spark and native thread pools may hold non-daemon threads; the result is out.
    System.exit(0);
  }

  private static List<String> first(Path corpus, int rows) {
    List<String> texts = CorpusFiles.read(corpus);
    if (texts.size() < rows) {
      throw new IllegalStateException(corpus + " holds " + texts.size() + " rows, fewer than " + rows);
    }
    return texts.subList(0, rows);
  }
}
