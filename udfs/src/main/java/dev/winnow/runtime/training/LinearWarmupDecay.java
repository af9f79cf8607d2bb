package dev.winnow.runtime.training;

import ai.djl.training.tracker.Tracker;

/**
 * The learning-rate schedule: linear warm-up from 0 to the peak over {@code warmupSteps}, then
 * linear decay to 0 at {@code totalSteps}, the schedule BERT fine-tunes use.
 */
record LinearWarmupDecay(float peak, int warmupSteps, int totalSteps) implements Tracker {

  /** @param step the optimizer step about to run, counted from 1 (DJL's update count) */
  @Override
  public float getNewValue(int step) {
    if (step <= warmupSteps) {
      return peak * step / Math.max(1, warmupSteps);
    }
    int decaySteps = Math.max(1, totalSteps - warmupSteps);
    return peak * Math.max(0f, (float) (totalSteps - step + 1) / decaySteps);
  }
}
