package dev.winnow.runtime.inference;

/**
 * A network that maps a padded token batch to per-label logits. Implementations must be safe to
 * call from several threads at once.
 */
public interface LogitsNetwork extends AutoCloseable {

  /** Logits [rows][labels] for the batch. */
  float[][] logits(TokenBatch batch);

  @Override
  void close();
}
