package dev.winnow.jobs;

import dev.winnow.jobs.config.JobName;
import dev.winnow.jobs.train.AgileBenchmark;
import dev.winnow.jobs.measure.BinaryMetrics;
import dev.winnow.jobs.train.CategoryResult;
import dev.winnow.jobs.train.FineTuneTraining;
import dev.winnow.jobs.train.HeadTraining;
import dev.winnow.jobs.train.PreparedData;
import dev.winnow.jobs.train.TrainingExamples;
import dev.winnow.jobs.train.TrainConfig;
import dev.winnow.spark.DjlOffline;
import java.io.PrintStream;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code train} job: fits a linear head per category on a frozen encoder from a training
 * recipe and writes it as a Winnow head folder with thresholds and metrics; or, with {@code
 * benchmark.cv_folds >= 2}, cross-validates instead and writes no head.
 *
 * <pre>{@code
 * spark-submit --class dev.winnow.jobs.TrainJob winnow-jobs.jar --config conf/train.conf \
 *     output.path=models/winnow-safety
 * }</pre>
 */
public final class TrainJob {

  static {
    DjlOffline.enforce();
  }

  private TrainJob() {}

  public static void main(String[] args) {
    JobCommand.exitOnFailure(execute(args, System.out, System.err));
  }

  /** Runs the job from a command line; returns the process exit code. */
  static int execute(String[] args, PrintStream out, PrintStream err) {
    // The head records the command that trained it.
    String provenance = "winnow train " + String.join(" ", args);
    return JobCommand.execute(JobName.TRAIN, args, out, err, TrainConfig::load,
        (config, spark) -> run(config, spark, provenance));
  }

  private static String run(TrainConfig config, SparkSession spark, String provenance) {
    TrainingExamples data = config.examples();
    if (config.countsOnly()) {
      return PreparedData.countsOnly(spark, data, config.recipe(), config.categories());
    }
    if (config.benchmark()) {
      return AgileBenchmark.format(AgileBenchmark.run(config, data, spark), config.benchmarkBaseline().orElse(null));
    }
    if (config.fineTune().isPresent()) {
      return FineTuneTraining.summary(FineTuneTraining.run(config, data, spark, provenance, System.out::println));
    }
    return summary(HeadTraining.run(config, data, spark, provenance));
  }

  /** One line per label: sizes, the chosen regParam and validation metrics. */
  public static String summary(HeadTraining.Result result) {
    StringBuilder b = new StringBuilder(result.data().counts().table()).append('\n');
    b.append(String.format(Locale.ROOT, "head written to %s (%d distinct texts, %d with conflicting labels, data %s)%n",
        result.folder(), result.data().distinctTexts(), result.data().conflictingTexts(),
        result.data().fingerprint().substring(0, 12)));
    b.append(String.format(Locale.ROOT, "%-18s %13s %13s %8s %7s %7s %7s %15s %17s%n",
        "label", "train(pos)", "valid(pos)", "reg", "ROC-AUC", "AvgPrec", "F1@0.5", "best F1 @ thr", "recall-target thr"));
    for (CategoryResult r : result.categories()) {
      BinaryMetrics v = r.validation();
      var best = r.bestF1();
      var recall = r.atRecallTarget();
      b.append(String.format(Locale.ROOT, "%-18s %13s %13s %8.0e %7.3f %7.3f %7.3f %7.3f @ %.3f %8.3f (P %.2f)%n",
          r.label(), r.trainRows() + "(" + r.trainPositives() + ")", v.size() + "(" + v.positives() + ")",
          r.regParam(), v.rocAuc(), v.averagePrecision(), v.at(0.5).f1(), best.f1(), best.threshold(),
          recall.threshold(), recall.precision()));
    }
    return b.toString();
  }
}
