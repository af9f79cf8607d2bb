package dev.winnow.jobs;

import dev.winnow.spark.ScoringProgress;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import scala.Tuple4;
import scala.collection.Iterator;
import scala.collection.immutable.Seq;

/**
 * A line on the driver's console at a steady interval while a job runs: rows and tokens done,
 * rows/s, tokens/s, and the running stage's tasks with an estimate of its time left. Rows and
 * tokens come from the scoring accumulators ({@link ScoringProgress}): finished tasks' final
 * values plus running tasks' latest, which executors send with their heartbeats (every
 * {@code spark.executor.heartbeatInterval}, 10 s), so one long task still shows progress. Jobs
 * that embed (train) report rows read instead. {@value #INTERVAL_CONF} = 0 turns it off.
 */
final class JobProgress extends SparkListener implements AutoCloseable {

  /** Seconds between progress lines; 0: none. A Spark setting, so every job and spark-submit take it. */
  static final String INTERVAL_CONF = "spark.winnow.progress.interval";
  static final long DEFAULT_INTERVAL_SECONDS = 30;

  private final String job;
  private final PrintStream out;
  private final long startedNanos = System.nanoTime();
  private final AtomicLong rows = new AtomicLong();
  private final AtomicLong tokens = new AtomicLong();
  private final AtomicLong rowsRead = new AtomicLong();
  private final Map<Integer, Stage> running = new ConcurrentHashMap<>();
  /** Running tasks' latest counts (rows, tokens), by task id, until the task ends. */
  private final Map<Long, long[]> inFlight = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer;

  /** One running stage: its task count, tasks done, when it started. */
  private static final class Stage {
    final int tasks;
    final long startedNanos = System.nanoTime();
    final AtomicLong done = new AtomicLong();

    Stage(int tasks) {
      this.tasks = tasks;
    }
  }

  JobProgress(String job, PrintStream out, long intervalSeconds) {
    this.job = job;
    this.out = out;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "winnow-progress");
      thread.setDaemon(true);
      return thread;
    });
    timer.scheduleAtFixedRate(this::print, intervalSeconds, intervalSeconds, TimeUnit.SECONDS);
  }

  /** Stops the reporting; throws nothing. */
  interface Handle extends AutoCloseable {
    @Override
    void close();
  }

  /** Starts reporting on {@code spark}'s jobs, unless {@value #INTERVAL_CONF} is 0. */
  static Handle start(String job, SparkContext spark, PrintStream out) {
    long interval = spark.conf().getLong(INTERVAL_CONF, DEFAULT_INTERVAL_SECONDS);
    if (interval <= 0) {
      return () -> { };
    }
    JobProgress progress = new JobProgress(job, out, interval);
    spark.addSparkListener(progress);
    return () -> {
      progress.close();
      spark.removeSparkListener(progress);
    };
  }

  @Override
  public void onStageSubmitted(SparkListenerStageSubmitted event) {
    running.put(event.stageInfo().stageId(), new Stage(event.stageInfo().numTasks()));
  }

  @Override
  public void onStageCompleted(SparkListenerStageCompleted event) {
    running.remove(event.stageInfo().stageId());
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd event) {
    Stage stage = running.get(event.stageId());
    if (stage != null && event.taskInfo().successful()) {
      stage.done.incrementAndGet();
    }
    if (event.taskMetrics() != null) {
      rowsRead.addAndGet(event.taskMetrics().inputMetrics().recordsRead());
    }
    inFlight.remove(event.taskInfo().taskId());
    long[] counts = counts(event.taskInfo().accumulables().iterator());
    rows.addAndGet(counts[0]);
    tokens.addAndGet(counts[1]);
  }

  @Override
  public void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate event) {
    Iterator<Tuple4<Object, Object, Object, Seq<AccumulableInfo>>> tasks = event.accumUpdates().iterator();
    while (tasks.hasNext()) {
      Tuple4<Object, Object, Object, Seq<AccumulableInfo>> task = tasks.next();
      long[] counts = counts(task._4().iterator());
      if (counts[0] > 0 || counts[1] > 0) {
        inFlight.put((Long) task._1(), counts);
      }
    }
  }

  /** Rows and tokens among a task's accumulator values. */
  private static long[] counts(Iterator<AccumulableInfo> updates) {
    long[] counts = new long[2];
    while (updates.hasNext()) {
      AccumulableInfo info = updates.next();
      if (info.name().isEmpty() || info.update().isEmpty() || !(info.update().get() instanceof Long value)) {
        continue;
      }
      switch (info.name().get()) {
        case ScoringProgress.ROWS -> counts[0] += value;
        case ScoringProgress.TOKENS -> counts[1] += value;
        default -> { }
      }
    }
    return counts;
  }

  long rowsScored() {
    return rows.get() + inFlight.values().stream().mapToLong(c -> c[0]).sum();
  }

  long tokensScored() {
    return tokens.get() + inFlight.values().stream().mapToLong(c -> c[1]).sum();
  }

  /** The line printed now; null when no stage is running. */
  String line() {
    Stage stage = running.values().stream().max((a, b) -> Integer.compare(a.tasks, b.tasks)).orElse(null);
    if (stage == null) {
      return null;
    }
    double seconds = Math.max(1e-3, (System.nanoTime() - startedNanos) / 1e9);
    long scored = rowsScored();
    long scoredTokens = tokensScored();
    StringBuilder s = new StringBuilder("winnow " + job + ": ");
    if (scored > 0) {
      s.append(String.format(Locale.ROOT, "%,d rows, %,d tokens scored (%,.0f rows/s, %,.0f tokens/s)",
          scored, scoredTokens, scored / seconds, scoredTokens / seconds));
    } else {
      s.append(String.format(Locale.ROOT, "%,d rows read (%,.0f rows/s)", rowsRead.get(), rowsRead.get() / seconds));
    }
    long done = stage.done.get();
    s.append(String.format(Locale.ROOT, "; stage %d/%d tasks", done, stage.tasks));
    if (done > 0 && done < stage.tasks) {
      double perTask = (System.nanoTime() - stage.startedNanos) / 1e9 / done;
      s.append(", ETA ").append(duration(Math.round(perTask * (stage.tasks - done))));
    }
    return s.toString();
  }

  private void print() {
    String line = line();
    if (line != null) {
      out.println(line);
    }
  }

  static String duration(long seconds) {
    Duration d = Duration.ofSeconds(seconds);
    return d.toHours() > 0 ? String.format(Locale.ROOT, "%dh%02dm", d.toHours(), d.toMinutesPart())
        : d.toMinutes() > 0 ? String.format(Locale.ROOT, "%dm%02ds", d.toMinutes(), d.toSecondsPart())
        : d.getSeconds() + "s";
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
