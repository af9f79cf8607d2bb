package dev.winnow.jobs.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import dev.winnow.jobs.JobSessions;
import dev.winnow.jobs.ScoreJob;
import dev.winnow.jobs.config.ScoreConfig;
import dev.winnow.jobs.metrics.RunMetrics;
import dev.winnow.runtime.InferenceOptions;
import dev.winnow.runtime.TextClassifier;
import dev.winnow.spark.ClassifierFactory;
import dev.winnow.spark.ExecutorModelCache;
import dev.winnow.spark.ModelLease;
import java.nio.file.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The score job as users run it, on local Spark with {@code spark.cores} cores: once on the
 * warm-up corpus (session, model load, JIT), then timed on the corpus. In local mode the executor
 * is this JVM, so the model the job cached is the one whose counters are read.
 */
final class SparkMode {

  private SparkMode() {}

  static ModeResult run(BenchConfig config, Path warmupCorpus, Path corpus, int rows) {
    double load = ProcessStats.loadAverage();
    int cores = config.resolvedSparkCores();
    SparkSession spark = JobSessions.withDelta(SparkSession.builder()
            .appName("winnow-bench")
            .master("local[" + cores + "]")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", String.valueOf(cores)), new SparkConf())
        .getOrCreate();
    try {
      Path out = config.outputPath().resolve("spark-output");
      ScoreJob.run(scoreConfig(config, warmupCorpus, out.resolve("warmup")), spark, ClassifierFactory.models());
      // Local mode: this JVM is the executor and its tasks get no GPU, so they resolve the device
      // as this thread does; the model they cached is found, and reported, under these options.
      InferenceOptions taskOptions = config.model().resolvedOptions();
      TokenTally before = tally(config, taskOptions);
      double cpuStart = ProcessStats.cpuSeconds();
      RunMetrics metrics = ScoreJob.run(
          scoreConfig(config, corpus, out.resolve("rows-" + rows)), spark, ClassifierFactory.models());
      double cpuSeconds = ProcessStats.cpuSeconds() - cpuStart;
      TokenTally after = tally(config, taskOptions);
      if (metrics.rows() != rows) {
        throw new IllegalStateException("score job wrote " + metrics.rows() + " rows, expected " + rows);
      }
      return after.since(before).result(BenchMode.SPARK, rows, metrics.wallSeconds(), cpuSeconds, load, 0,
          ModelSetup.of(config.model().ref(), taskOptions));
    } finally {
      spark.stop();
    }
  }

  /** The counters of the model the job's tasks share. */
  private static TokenTally tally(BenchConfig config, InferenceOptions taskOptions) {
    try (ModelLease<TextClassifier> classifier =
        ExecutorModelCache.borrow(ClassifierFactory.models(), config.model().ref(), taskOptions)) {
      return TokenTally.of(LocalModes.countersOf(classifier.model()));
    }
  }

  /** The score job's settings: the bench's {@code model} block as given, Parquet in, Delta out. */
  static ScoreConfig scoreConfig(BenchConfig config, Path input, Path output) {
    Config score = ConfigFactory.empty()
        .withValue("model", config.modelSettings().root())
        .withValue("input.path", ConfigValueFactory.fromAnyRef(input.toString()))
        .withValue("input.format", ConfigValueFactory.fromAnyRef("parquet"))
        .withValue("input.id_column", ConfigValueFactory.fromAnyRef(CorpusFiles.ID))
        .withValue("output.path", ConfigValueFactory.fromAnyRef(output.resolve("scored").toString()))
        .withValue("output.mode", ConfigValueFactory.fromAnyRef("overwrite"))
        .withValue("metrics.path", ConfigValueFactory.fromAnyRef(output.resolve("metrics").toString()));
    return ScoreConfig.parse(score.root().render(ConfigRenderOptions.concise()));
  }
}
