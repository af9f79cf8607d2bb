package dev.winnow.jobs.bench;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

/**
 * What one mode measured over its timed rows (warm-up excluded).
 *
 * @param realTokens tokens of the texts as scored (after windowing), special tokens included
 * @param paddedTokens rows x padded length summed over batches: what the network computed
 * @param seconds wall time of the timed part; for the score job, start to committed output
 * @param cpuSeconds CPU time the JVM used over the timed part, all threads; steadier than wall time
 *     on a shared machine
 * @param peakRssKb the JVM's peak resident set ({@code VmHWM}), -1 where the OS does not say
 * @param loadAverage the machine's 1-minute load average when the mode started
 * @param threads native intra-op threads per caller
 * @param model the model, device and precision the timed part ran
 */
public record ModeResult(
    BenchMode mode,
    int rows,
    long realTokens,
    long paddedTokens,
    long batches,
    double seconds,
    double cpuSeconds,
    long peakRssKb,
    double loadAverage,
    int threads,
    ModelSetup model) {

  // A child JVM prints its result on one line and the parent reads it back: both ends use this.
  private static final Gson WIRE = new GsonBuilder().serializeSpecialFloatingPointValues().create();

  /** One line of JSON, read back by {@link #fromLine}. */
  public String toLine() {
    return WIRE.toJson(this);
  }

  public static ModeResult fromLine(String json) {
    return WIRE.fromJson(json, ModeResult.class);
  }

  public double rowsPerSecond() {
    return rows / seconds;
  }

  public double tokensPerSecond() {
    return realTokens / seconds;
  }

  /** Real / padded tokens: 1.0 means no compute spent on padding. */
  public double paddingEfficiency() {
    return paddedTokens == 0 ? Double.NaN : (double) realTokens / paddedTokens;
  }
}
