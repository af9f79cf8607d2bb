package dev.winnow.runtime.training;

/**
 * One tokenized training text (already cut to the training window) and its labels.
 *
 * @param labels per category 1, 0, or NaN when the source says nothing about it: unknown labels
 *     are masked out of the loss, never read as negatives
 */
public record TrainingExample(long[] ids, long[] typeIds, float[] labels) {

  public TrainingExample {
    if (ids.length == 0 || ids.length != typeIds.length) {
      throw new IllegalArgumentException("a training example needs as many type ids as token ids (and at least one)");
    }
    for (float label : labels) {
      if (!(Float.isNaN(label) || label == 0f || label == 1f)) {
        throw new IllegalArgumentException("labels must be 0, 1 or NaN (unknown), got " + label);
      }
    }
  }

  public int length() {
    return ids.length;
  }
}
