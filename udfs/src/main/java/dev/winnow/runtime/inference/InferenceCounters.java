package dev.winnow.runtime.inference;

import java.util.concurrent.atomic.LongAdder;

/** Running totals of what a classifier computed; padding efficiency = real / padded tokens. */
public final class InferenceCounters {

  private final LongAdder batches = new LongAdder();
  private final LongAdder sequences = new LongAdder();
  private final LongAdder realTokens = new LongAdder();
  private final LongAdder paddedTokens = new LongAdder();

  void record(TokenBatch batch) {
    batches.increment();
    sequences.add(batch.rows());
    realTokens.add(batch.realTokens());
    paddedTokens.add((long) batch.rows() * batch.length());
  }

  public long batches() {
    return batches.sum();
  }

  public long sequences() {
    return sequences.sum();
  }

  public long realTokens() {
    return realTokens.sum();
  }

  public long paddedTokens() {
    return paddedTokens.sum();
  }
}
