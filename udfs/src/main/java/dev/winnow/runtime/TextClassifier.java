package dev.winnow.runtime;

import java.util.List;

/**
 * A loaded text classifier: texts in, one score per label out.
 *
 * <p>Implementations batch internally (tokenize once, sort by length, pack by token budget) and
 * are safe to share between threads, so one instance serves every task of an executor.
 */
public interface TextClassifier extends AutoCloseable {

  ModelInfo info();

  /** Scores the texts; the result has the same size and order as {@code texts}. */
  List<TextScore> classify(List<String> texts);

  @Override
  void close();
}
