package dev.winnow.jobs.bench;

import dev.winnow.runtime.inference.InferenceCounters;

/** A snapshot of a model's counters, so a timed part can be told apart from its warm-up. */
record TokenTally(long realTokens, long paddedTokens, long batches) {

  static TokenTally of(InferenceCounters counters) {
    return new TokenTally(counters.realTokens(), counters.paddedTokens(), counters.batches());
  }

  TokenTally since(TokenTally earlier) {
    return new TokenTally(realTokens - earlier.realTokens, paddedTokens - earlier.paddedTokens,
        batches - earlier.batches);
  }

  ModeResult result(BenchMode mode, int rows, double seconds, double cpuSeconds, double loadAverage, int threads,
      ModelSetup model) {
    return new ModeResult(mode, rows, realTokens, paddedTokens, batches, seconds, cpuSeconds,
        ProcessStats.peakRssKb(), loadAverage, threads, model);
  }
}
