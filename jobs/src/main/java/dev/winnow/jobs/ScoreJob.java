package dev.winnow.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.winnow.jobs.config.JobName;
import dev.winnow.jobs.config.ConfigError;
import dev.winnow.jobs.config.ScoreConfig;
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
import dev.winnow.jobs.scoring.JobScorers;
import dev.winnow.runtime.WinnowErrors;
import dev.winnow.spark.ClassifierFactory;
import dev.winnow.spark.DjlOffline;
import dev.winnow.spark.SafetyScorer;
import dev.winnow.spark.ScoreColumns;
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
    JobCommand.exitOnFailure(execute(args, System.out, System.err));
  }

  /** Runs the job from a command line; returns the process exit code. */
  static int execute(String[] args, PrintStream out, PrintStream err) {
    return JobCommand.execute(JobName.SCORE, args, out, err, ScoreConfig::load,
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
    JobScorers.checkContext(config.input(), JobScorers.checkModel(config.model(), config.thresholds(), factory, spark));
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
    JobScorers.checkModel(config.model(), config.thresholds(), factory, spark);
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
    return JobScorers.scorer(config.model(), config.thresholds(), config.input(), config.output().columnPrefix(), factory);
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
