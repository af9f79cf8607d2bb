package dev.winnow.jobs;

import dev.winnow.jobs.config.JobName;
import dev.winnow.jobs.config.EvaluateConfig;
import dev.winnow.jobs.evaluation.CategoryEvaluation;
import dev.winnow.jobs.evaluation.EvaluationReport;
import dev.winnow.jobs.evaluation.EvaluationSink;
import dev.winnow.jobs.evaluation.EvaluationSummary;
import dev.winnow.jobs.evaluation.Evaluator;
import dev.winnow.jobs.evaluation.HtmlReport;
import dev.winnow.jobs.evaluation.LabeledScores;
import dev.winnow.jobs.io.OutputWriter;
import dev.winnow.spark.ClassifierFactory;
import dev.winnow.spark.DjlOffline;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code evaluate} job: scores a labeled table (or reads its scores) and reports, per category
 * and for {@code any}, precision / recall / F1 at the thresholds in use, ROC and PR areas, the
 * best-F1 threshold and confusion counts.
 *
 * <p>Writes {@code report.json}, {@code report.html} with a precision-recall curve and a score
 * histogram per category (PNG) into {@code output.path}, and appends the run to the Delta table
 * {@code output.runs_table}.
 */
public final class EvaluateJob {

  public static final String REPORT_JSON = "report.json";

  static {
    DjlOffline.enforce();
  }

  private EvaluateJob() {}

  public static void main(String[] args) {
    JobCommand.exitOnFailure(execute(args, System.out, System.err));
  }

  static int execute(String[] args, PrintStream out, PrintStream err) {
    return JobCommand.execute(JobName.EVALUATE, args, out, err, EvaluateConfig::load,
        (config, spark) -> EvaluationSummary.format(run(config, spark, ClassifierFactory.models())));
  }

  public static EvaluationReport run(EvaluateConfig config, SparkSession spark, ClassifierFactory factory) {
    if (!config.overwrite()) {
      OutputWriter.checkAbsent(spark, config.outputPath(), "set output.mode = overwrite or choose another path");
    }
    LabeledScores data = LabeledScores.prepare(spark, config.source(), factory);
    try {
      long rows = data.rows().count();
      List<CategoryEvaluation> categories = Evaluator.evaluate(data);
      EvaluationReport report = new EvaluationReport(UUID.randomUUID().toString(), data.modelId(), data.modelRef(),
          data.dataPath(), Instant.now(), rows, data.notes(), categories);
      write(spark, config, report);
      return report;
    } finally {
      data.rows().unpersist();
    }
  }

  private static void write(SparkSession spark, EvaluateConfig config, EvaluationReport report) {
    Path dir = new Path(config.outputPath());
    try {
      FileSystem fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (config.overwrite()) {
        removeOldReport(fs, dir);
      }
      fs.mkdirs(dir);
      EvaluationSink.writeJson(spark, report, new Path(dir, REPORT_JSON).toString());
      HtmlReport.write(fs, dir, report);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report into output.path " + dir, e);
    }
    EvaluationSink.appendToTable(spark, report, config.runsTable());
  }

  /** Only what a report consists of: other files in the folder are the user's. */
  private static void removeOldReport(FileSystem fs, Path dir) throws IOException {
    if (!fs.exists(dir)) {
      return;
    }
    FileStatus[] old = fs.globStatus(new Path(dir, "{" + REPORT_JSON + "," + HtmlReport.FILE + ",pr_*.png,hist_*.png}"));
    for (FileStatus f : old == null ? new FileStatus[0] : old) {
      fs.delete(f.getPath(), false);
    }
  }
}
