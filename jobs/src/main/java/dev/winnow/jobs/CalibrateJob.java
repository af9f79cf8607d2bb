package dev.winnow.jobs;

import dev.winnow.jobs.config.JobName;
import dev.winnow.jobs.config.CalibrateConfig;
import dev.winnow.jobs.config.CalibrateConfig.Objective;
import dev.winnow.jobs.evaluation.Calibration;
import dev.winnow.jobs.evaluation.Evaluator;
import dev.winnow.jobs.evaluation.LabeledScores;
import dev.winnow.jobs.measure.BinaryMetrics;
import dev.winnow.jobs.evaluation.ThresholdsFileWriter;
import dev.winnow.jobs.io.OutputWriter;
import dev.winnow.spark.ClassifierFactory;
import dev.winnow.spark.DjlOffline;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code calibrate} job: on a labeled sample, picks per category the threshold meeting {@code
 * calibrate.objective} and writes them as a thresholds file for {@code thresholds.file}.
 */
public final class CalibrateJob {

  static {
    DjlOffline.enforce();
  }

  private CalibrateJob() {}

  /** What a run chose, and the file text it wrote. */
  public record Result(List<Calibration> calibrations, String fileText) {}

  public static void main(String[] args) {
    JobCommand.exitOnFailure(execute(args, System.out, System.err));
  }

  static int execute(String[] args, PrintStream out, PrintStream err) {
    return JobCommand.execute(JobName.CALIBRATE, args, out, err, CalibrateConfig::load,
        (config, spark) -> run(config, spark, ClassifierFactory.models()).fileText());
  }

  public static Result run(CalibrateConfig config, SparkSession spark, ClassifierFactory factory) {
    if (!config.overwrite()) {
      OutputWriter.checkAbsent(spark, config.outputPath(), "set output.mode = overwrite or choose another path");
    }
    LabeledScores data = LabeledScores.prepare(spark, config.source(), factory);
    List<Calibration> calibrations = new ArrayList<>();
    try {
      Map<String, BinaryMetrics> curves = Evaluator.curves(data);
      for (int i = 0; i < data.categories().size(); i++) {
        String name = data.categories().get(i);
        calibrations.add(Calibration.choose(name, curves.get(name), data.threshold(i), config.objective(),
            config.targetRecall(), config.minPositives()));
      }
    } finally {
      data.rows().unpersist();
    }
    String objective = config.objective() == Objective.RECALL
        ? "recall >= " + config.targetRecall() + " (highest such threshold)"
        : "best F1";
    objective += ", min_positives " + config.minPositives();
    String text = ThresholdsFileWriter.format(data.modelId(), data.dataPath(), Instant.now(), objective,
        config.source().thresholds().thresholds().defaultThreshold(), calibrations, data.notes());
    write(spark, config.outputPath(), text);
    return new Result(calibrations, text);
  }

  private static void write(SparkSession spark, String file, String text) {
    Path path = new Path(file);
    try {
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      try (OutputStream out = fs.create(path, true)) {
        out.write(text.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write output.path " + file, e);
    }
  }
}
