package dev.winnow.jobs;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winnow.jobs.bench.BenchConfig;
import dev.winnow.jobs.chat.ChatLogsConfig;
import dev.winnow.jobs.config.CalibrateConfig;
import dev.winnow.jobs.config.ConfigError;
import dev.winnow.jobs.config.EvaluateConfig;
import dev.winnow.jobs.config.JobArgs;
import dev.winnow.jobs.config.JobName;
import dev.winnow.jobs.config.ScoreConfig;
import dev.winnow.runtime.WinnowErrors;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What a job prints and returns for a malformed command line, a bad setting and a good run. */
class JobCommandTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String job, String... args) {
    return JobCommand.executeLocal(JobName.named(job).orElseThrow(), args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        parsed -> {
          if (parsed.overrides().contains("mode=bad")) {
            throw new ConfigError("mode", "must be good");
          }
          return parsed;
        },
        parsed -> "ran with " + parsed.overrides() + "\n");
  }

  private String errText() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aMalformedCommandLineGetsTheJobsOwnUsage() {
    assertEquals(2, run("calibrate", "--bogus"));
    assertTrue(errText().startsWith("winnow calibrate: Unknown option: '--bogus'"), errText());
    assertTrue(errText().contains("Usage: winnow calibrate [-h] [--config=FILE] [--set=KEY=VALUE]... [KEY=VALUE...]"), errText());
    assertTrue(errText().contains("conf/calibrate.conf"), errText());
    assertFalse(errText().contains("conf/score.conf"), errText());
  }

  @Test
  void aBadSettingGetsOnlyItsError() {
    assertEquals(2, run("bench", "mode=bad"));
    assertTrue(errText().contains("mode"), errText());
    assertFalse(errText().contains("Usage:"), errText());
  }

  /** Throws {@code failure} from the job, checked or not, as Spark's Scala code does. */
  private int runThrowing(Exception failure) {
    return JobCommand.executeLocal(JobName.SCORE, new String[0], new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), parsed -> parsed, parsed -> sneakyThrow(failure));
  }

  @SuppressWarnings("unchecked")
  private static <E extends Exception> String sneakyThrow(Exception e) throws E {
    throw (E) e;
  }

  @Test
  void anIllegalArgumentFromABugOrALibraryIsAFailureWithItsStackTraceNotAUserError() {
    // Before: any IllegalArgumentException, Spark's, DJL's or a bug's, was "the user's mistake".
    assertEquals(1, runThrowing(new IllegalArgumentException("index 3 out of bounds")));
    assertTrue(errText().contains("index 3 out of bounds"), errText());
    assertTrue(errText().contains("at dev.winnow.jobs.JobCommandTest"), "stack trace expected: " + errText());
  }

  @Test
  void aUserErrorRaisedInsideATaskIsFoundUnderSparksWrappingAndPrintedAsOneLine() {
    Exception wrapped = new org.apache.spark.SparkException("Job aborted due to stage failure: [TASK_WRITE_FAILED]",
        new IllegalStateException("task 3", WinnowErrors.precisionMismatch("precision fp16 runs on GPUs only")));
    assertEquals(2, runThrowing(wrapped));
    assertEquals("winnow score: model.precision: precision fp16 runs on GPUs only", errText().strip());
  }

  /** Each job's loader, and the usage's own example setting for it, as --help prints it. */
  @Test
  void everyJobsHelpNamesItsFlagsAndItsExampleSettingLoads() {
    Map<JobName, Function<JobArgs, ?>> loaders = Map.of(
        JobName.SCORE, ScoreConfig::load, JobName.EVALUATE, EvaluateConfig::load, JobName.CALIBRATE, CalibrateConfig::load,
        JobName.CHATLOGS, ChatLogsConfig::load, JobName.BENCH, BenchConfig::load);
    for (var job : loaders.entrySet()) {
      String usage = JobArgs.usage(job.getKey());
      Matcher example = Pattern.compile("e\\.g\\. --set (\\S+)").matcher(usage);
      assertTrue(example.find(), usage);
      // Run from the jobs module: the repository's conf/ is one level up.
      JobArgs args = JobArgs.parse(job.getKey(), "--config", "../conf/" + job.getKey().command() + ".conf",
          "--set", example.group(1));
      assertDoesNotThrow(() -> job.getValue().apply(args), job.getKey() + ": " + example.group(1));
    }
    String chatlogs = JobArgs.usage(JobName.CHATLOGS);
    assertTrue(chatlogs.contains("--date=D") && chatlogs.contains("--since=D"), chatlogs);
  }

  @Test
  void helpAndGoodRunsExitZero() {
    assertEquals(0, run("train", "--help"));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("conf/train.conf"));
    out.reset();
    assertEquals(0, run("train", "mode=good"));
    assertEquals("ran with [mode=good]\n", out.toString(StandardCharsets.UTF_8));
  }
}
