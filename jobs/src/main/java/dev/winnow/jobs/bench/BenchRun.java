package dev.winnow.jobs.bench;

import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One run of the {@code bench} job ({@link dev.winnow.jobs.BenchJob}): generates one corpus, runs
 * each mode in its own JVM on it, and writes {@code bench.json}.
 */
public final class BenchRun {

  private BenchRun() {}

  /**
   * Generates the corpus, runs every configured mode, writes {@code bench.json}.
   *
   * @param args the job's command line, which each mode's JVM reads its settings from
   */
  public static BenchReport run(BenchConfig config, List<String> args, PrintStream progress) {
    Machine machine = Machine.describe();
    BenchConfig.CorpusSpec spec = config.corpus();
    int rows = spec.rows();
    int largest = config.scaledModes().isEmpty() ? rows : rows * spec.scale();
    List<String> texts = SyntheticCorpus.generate(spec, largest);
    Path root = config.outputPath();
    Path corpus = root.resolve("corpus-" + rows);
    Path scaledCorpus = root.resolve("corpus-" + largest);
    Path warmup = root.resolve("corpus-warmup");
    CorpusFiles.write(corpus, texts.subList(0, rows), spec.files());
    if (largest > rows) {
      CorpusFiles.write(scaledCorpus, texts, spec.files());
    }
    BenchConfig.CorpusSpec warmupSpec = new BenchConfig.CorpusSpec(config.warmupRows(), 1, spec.seed() + 1,
        spec.medianWords(), spec.sigma(), spec.minWords(), spec.maxWords(), 1);
    CorpusFiles.write(warmup, SyntheticCorpus.generate(warmupSpec, config.warmupRows()), 1);

    List<ModeResult> results = new ArrayList<>();
    for (BenchMode mode : config.modes()) {
      int modeRows = mode == BenchMode.PER_ROW ? Math.min(rows, config.perRowRows()) : rows;
      results.add(runMode(mode, modeRows, corpus, warmup, args, root, progress));
    }
    if (largest > rows) {
      for (BenchMode mode : config.scaledModes()) {
        results.add(runMode(mode, largest, scaledCorpus, warmup, args, root, progress));
      }
    }
    BenchReport report = new BenchReport(machine, rows, spec.scale(), results);
    write(report, root.resolve("bench.json"));
    return report;
  }

  private static ModeResult runMode(BenchMode mode, int rows, Path corpus, Path warmup, List<String> args, Path root,
      PrintStream progress) {
    progress.printf("winnow bench: %s on %d rows...%n", mode.key(), rows);
    ModeResult result = ChildJvm.run(mode, rows, corpus, warmup, args,
        root.resolve("logs").resolve(mode.key() + "-" + rows + ".log"));
    progress.printf("winnow bench: %s on %d rows: %.1f s, %.0f tokens/s%n", mode.key(), rows, result.seconds(),
        result.tokensPerSecond());
    return result;
  }

  private static void write(BenchReport report, Path file) {
    try {
      Files.createDirectories(file.getParent());
      // Every mode keeps every key (null where not measured); a NaN ratio is written, not refused.
      String json = new GsonBuilder().setPrettyPrinting().serializeNulls().serializeSpecialFloatingPointValues()
          .disableHtmlEscaping().create().toJson(report.toJson());
      Files.writeString(file, json + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
