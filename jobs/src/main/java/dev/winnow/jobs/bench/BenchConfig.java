package dev.winnow.jobs.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.winnow.jobs.config.ConfigError;
import dev.winnow.jobs.config.ConfigLoader;
import dev.winnow.jobs.config.JobArgs;
import dev.winnow.jobs.config.ModelSpec;
import dev.winnow.jobs.config.Settings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Every setting of the {@code bench} job, validated; see {@code conf/bench.conf}.
 *
 * @param modelSettings the {@code model} block as given, handed on to the score job unchanged
 */
public record BenchConfig(
    CorpusSpec corpus,
    ModelSpec model,
    Config modelSettings,
    List<BenchMode> modes,
    List<BenchMode> scaledModes,
    int perRowRows,
    int warmupRows,
    int threads,
    int sparkCores,
    Path outputPath) {

  public static final String DEFAULTS = "dev/winnow/jobs/bench-defaults.conf";

  private static final ConfigLoader LOADER = new ConfigLoader(DEFAULTS, Set.of());

  public static BenchConfig load(JobArgs args) {
    return from(LOADER.complete(LOADER.userLayer(args)));
  }

  public static BenchConfig parse(String hocon) {
    return from(LOADER.complete(ConfigFactory.parseString(hocon)));
  }

  private static BenchConfig from(Config complete) {
    Settings s = new Settings(complete);
    return new BenchConfig(
        CorpusSpec.from(s),
        ModelSpec.from(s),
        complete.getConfig("model"),
        modes(s, "modes"),
        modes(s, "scaled_modes"),
        s.intAtLeast("per_row_rows", 1),
        s.intAtLeast("warmup_rows", 1),
        s.intAtLeast("threads", 0),
        s.intAtLeast("spark.cores", 0),
        Path.of(s.requiredString("output.path")));
  }

  /** Threads the single-caller modes use: {@code threads}, or every core when 0. */
  public int resolvedThreads() {
    return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
  }

  /** Cores of the local Spark master: {@code spark.cores}, or every core when 0. */
  public int resolvedSparkCores() {
    return sparkCores > 0 ? sparkCores : Runtime.getRuntime().availableProcessors();
  }

  private static List<BenchMode> modes(Settings s, String key) {
    List<BenchMode> out = new ArrayList<>();
    for (String name : s.stringList(key)) {
      BenchMode mode;
      try {
        mode = BenchMode.valueOf(name.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new ConfigError(key, "unknown mode '" + name + "'; modes are " + BenchMode.names());
      }
      if (out.contains(mode)) {
        throw new ConfigError(key, "mode '" + name + "' is listed twice");
      }
      out.add(mode);
    }
    return List.copyOf(out);
  }

  /** {@code corpus.*}: the generated corpus. */
  public record CorpusSpec(
      int rows, int scale, long seed, int medianWords, double sigma, int minWords, int maxWords, int files) {

    static CorpusSpec from(Settings s) {
      int min = s.intAtLeast("corpus.min_words", 1);
      int max = s.intAtLeast("corpus.max_words", 1);
      if (max < min) {
        throw new ConfigError("corpus.max_words", "must be at least corpus.min_words = " + min + ", got " + max);
      }
      return new CorpusSpec(
          s.intAtLeast("corpus.rows", 1),
          s.intAtLeast("corpus.scale", 1),
          s.intAtLeast("corpus.seed", 0),
          s.intAtLeast("corpus.median_words", 1),
          s.doubleIn("corpus.sigma", 0.0, 3.0),
          min,
          max,
          s.intAtLeast("corpus.files", 1));
    }
  }
}
