package dev.winnow.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.winnow.jobs.config.ConfigError;
import dev.winnow.jobs.config.InputSpec;
import dev.winnow.jobs.config.ModelSpec;
import dev.winnow.jobs.config.ScoreConfig;
import dev.winnow.jobs.config.ThresholdSpec;
import dev.winnow.jobs.io.InputFiles;
import dev.winnow.jobs.io.InputFormat;
import dev.winnow.jobs.io.InputReader;
import dev.winnow.jobs.io.MalformedLines;
import dev.winnow.jobs.io.OutputWriter;
import dev.winnow.jobs.io.RunIdentity;
import dev.winnow.jobs.io.WriteMode;
import dev.winnow.jobs.metrics.MetricsCalculator;
import dev.winnow.jobs.metrics.MetricsSink;
import dev.winnow.jobs.metrics.RunInfo;
import dev.winnow.jobs.metrics.RunMetrics;
import dev.winnow.jobs.metrics.RunOutcome;
import dev.winnow.jobs.metrics.RunRecord;
import dev.winnow.jobs.metrics.SummaryTable;
import dev.winnow.runtime.ModelInfo;
import dev.winnow.runtime.UserError;
import dev.winnow.runtime.WinnowErrors;
import dev.winnow.spark.ClassifierFactory;
import dev.winnow.spark.DjlOffline;
import dev.winnow.spark.SafetyScorer;
import dev.winnow.spark.ScoreColumns;
import dev.winnow.spark.TaskDevices;
import dev.winnow.spark.Thresholds;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code score} job: reads texts, appends safety scores, writes the scored table, then records
 * metrics computed from what was written.
 *
 * <pre>{@code
 * spark-submit --class dev.winnow.jobs.ScoreJob winnow-jobs.jar --config conf/score.conf \
 *     --set output.mode=overwrite
 * }</pre>
 *
 * <p>Every check that needs no data (settings, existing output, input path and format, model
 * labels against thresholds, columns) runs before scoring, so a bad run fails in seconds and
 * writes nothing.
 */
public final class ScoreJob {

  /**
   * Column tying each output row to its run's metrics; also how appended runs are told apart. An
   * appending run's id follows from its {@link RunIdentity}, so a rerun carries the same id.
   */
  public static final String RUN_ID = "run_id";

  private static final Logger LOG = LoggerFactory.getLogger(ScoreJob.class);

  static {
    DjlOffline.enforce();
  }

  private ScoreJob() {}

  public static void main(String[] args) {
    int code = execute(args, System.out, System.err);
    if (code != 0) {
      System.exit(code);
    }
  }

  /** Runs the job from a command line; returns the process exit code. */
  static int execute(String[] args, PrintStream out, PrintStream err) {
    return JobCommand.execute("score", args, out, err, ScoreConfig::load,
        (config, spark) -> SummaryTable.format(run(config, spark, ClassifierFactory.models()), config.metrics()));
  }

  /**
   * Scores {@code config.input()} into {@code config.output()} and stores the run's metrics.
   *
   * @param factory how the model reference becomes a classifier; {@link ClassifierFactory#models()}
   *     in production
   * @throws ConfigError naming the setting when a check fails before scoring
   */
  public static RunMetrics run(ScoreConfig config, SparkSession spark, ClassifierFactory factory) {
    Instant started = Instant.now();

    OutputWriter.checkApartFromInput(spark, config.input().path(), config.output().path());
    Optional<RunRecord.Unrecorded> unrecorded = config.output().mode() == WriteMode.ERROR
        ? RunRecord.unrecorded(spark, config.output().path(), config.metrics())
        : Optional.empty();
    if (unrecorded.isPresent()) {
      return recoverMetrics(config, spark, factory, unrecorded.get());
    }
    OutputWriter.checkTarget(spark, config.output());
    InputFormat format = InputReader.resolveFormat(spark, config.input());
    ModelInfo model = checkModel(config.model(), config.thresholds(), factory, spark);
    if (config.input().contextColumn().isPresent() && !model.acceptsTextPairs()) {
      throw new ConfigError("input.context_column", "model " + model.id() + " does not accept (context, text) "
          + "pairs; unset input.context_column to score the texts alone, or use a model trained on pairs");
    }
    SafetyScorer scorer = scorer(config, factory);
    InputReader.Opened input = InputReader.open(spark, config.input(), format);
    ScoreColumns columns = scorer.plan().columns();
    checkSchema(config, scorer, input.rows().schema());
    boolean appending = config.output().mode() == WriteMode.APPEND;
    Optional<RunIdentity> identity = appending
        ? Optional.of(RunIdentity.of(spark, config.input(), format, config.output().runKey()))
        : Optional.empty();
    String runId = identity.map(RunIdentity::runId).orElseGet(() -> UUID.randomUUID().toString());

    Dataset<Row> scored = scorer.transform(input.rows()).withColumn(RUN_ID, lit(runId));
    OutputWriter.checkPartitionColumns(config.output(), scored.schema());
    RunInfo planned = new RunInfo(runId, config.model().ref(), started, started,
        config.input().path(), lower(format.name()), config.output().path(), lower(config.output().format().name()),
        input.skipped().stream().map(InputFiles.Unreadable::path).toList(),
        input.malformed().all(), input.malformed().first().stream().map(MalformedLines.Line::toString).toList(),
        RunOutcome.COMMITTED);
    boolean committed = OutputWriter.write(scored, config.output(), identity.map(RunIdentity::txnAppId).orElse(null),
        RunRecord.toJson(planned));
    if (!committed) {
      LOG.info("output {} already holds run {} ({}); nothing appended", config.output().path(), runId,
          identity.get().key());
    }
    RunInfo run = planned.finished(Instant.now(), committed ? RunOutcome.COMMITTED : RunOutcome.ALREADY_COMMITTED);
    Dataset<Row> written = OutputWriter.readBack(spark, config.output(), scored.schema()).filter(col(RUN_ID).equalTo(runId));
    RunMetrics metrics = MetricsCalculator.compute(written, columns, run);
    if (committed) {
      MetricsSink.writeJson(spark, metrics, config.metrics().jsonPath());
    }
    // Also on a rerun: fills the gap when the first attempt died between the two commits.
    MetricsSink.appendToTable(spark, metrics, config.metrics().tablePath(), identity.map(RunIdentity::txnAppId));
    return metrics;
  }

  /**
   * The output already holds a run that stopped between its commit and its metrics: computes them
   * from its committed rows and writes what is missing, rescoring nothing.
   */
  private static RunMetrics recoverMetrics(ScoreConfig config, SparkSession spark, ClassifierFactory factory,
      RunRecord.Unrecorded unrecorded) {
    checkModel(config.model(), config.thresholds(), factory, spark);
    ScoreColumns columns = scorer(config, factory).plan().columns();
    String runId = unrecorded.run().runId();
    LOG.info("output {} holds run {} without its metrics; computing them from its rows", config.output().path(), runId);
    Dataset<Row> written = spark.read().format("delta").load(config.output().path()).filter(col(RUN_ID).equalTo(runId));
    RunMetrics metrics = MetricsCalculator.compute(written, columns, unrecorded.run());
    if (unrecorded.jsonMissing()) {
      MetricsSink.writeJson(spark, metrics, config.metrics().jsonPath());
    }
    if (unrecorded.tableRowMissing()) {
      MetricsSink.appendToTable(spark, metrics, config.metrics().tablePath(), Optional.of("winnow-score-metrics:" + runId));
    }
    return metrics;
  }

  static SafetyScorer scorer(ScoreConfig config, ClassifierFactory factory) {
    return scorer(config.model(), config.thresholds(), config.input(), config.output().columnPrefix(), factory);
  }

  /** The scorer a job's settings describe; shared by the jobs that score. */
  public static SafetyScorer scorer(
      ModelSpec model, ThresholdSpec thresholds, InputSpec input, String columnPrefix, ClassifierFactory factory) {
    SafetyScorer scorer = scorer(model, thresholds.thresholds(), input.textColumn(), columnPrefix, factory);
    input.idColumn().ifPresent(scorer::setIdCol);
    input.contextColumn().ifPresent(scorer::setContextCol);
    return scorer;
  }

  /** The scorer for one model over one text column; what every job that scores builds on. */
  public static SafetyScorer scorer(
      ModelSpec model, Thresholds thresholds, String textColumn, String columnPrefix, ClassifierFactory factory) {
    return new SafetyScorer()
        .setClassifierFactory(factory)
        .setModelRef(model.ref())
        .setInferenceOptions(model.options())
        .setGpuBatchTokens(model.gpuBatchTokens())
        .setChunkRows(model.rowsPerChunk())
        .setThresholds(thresholds)
        .setTextCol(textColumn)
        .setOutputPrefix(columnPrefix);
  }

  /**
   * Everything about the model that the driver can check without loading weights, before any task:
   * its files (config, tokenizer, the weights' headers), the device and precision where the
   * driver can know them ({@link TaskDevices#checkOnDriver}), the window settings against its
   * length, and threshold names against its labels.
   *
   * @throws UserError naming {@code model.ref} (and the file), {@code model.device},
   *     {@code model.precision}, the window or the thresholds setting at fault ({@code
   *     thresholds.preset} the model lacks, a label it does not have)
   */
  public static ModelInfo checkModel(
      ModelSpec model, ThresholdSpec thresholds, ClassifierFactory factory, SparkSession spark) {
    String ref = model.ref();
    ModelInfo info;
    try {
      info = factory.verify(ref);
    } catch (UserError e) {
      throw new ConfigError(e.setting().orElse("model.ref"), "model '" + ref + "': " + e.problem(), e);
    }
    TaskDevices.checkOnDriver(model.options(), model.gpuBatchTokens(), spark.sparkContext());
    model.checkWindows(info);
    try {
      info.recommendedThresholds(thresholds.thresholds().preset());
    } catch (IllegalArgumentException e) {
      throw new ConfigError("thresholds.preset", e.getMessage(), e);
    }
    try {
      thresholds.thresholds().resolve(info.labels());
    } catch (IllegalArgumentException e) {
      throw new ConfigError(thresholds.labelsKey(), e.getMessage(), e);
    }
    return info;
  }

  private static void checkSchema(ScoreConfig config, SafetyScorer scorer, StructType input) {
    if (Arrays.asList(input.fieldNames()).contains(RUN_ID)) {
      throw WinnowErrors.invalid(null, "input " + config.input().path() + " already has a column '"
          + RUN_ID + "', which the score job adds");
    }
    try {
      scorer.transformSchema(input);
    } catch (IllegalArgumentException e) {
      throw WinnowErrors.invalid(null, "input " + config.input().path() + ": " + e.getMessage(), e);
    }
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
