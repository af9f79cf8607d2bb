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

  /**
   * Scores each text with its context, as the model's sentence-pair template lays them out (for
   * BERT: {@code [CLS] context [SEP] text [SEP]}): the text is what is judged, the context (a
   * prompt, the previous turn) only informs. A context longer than its share of the window keeps
   * its most recent tokens; the text is windowed in the room left, each window repeating the
   * context.
   *
   * <p>A null or blank context scores its text alone, exactly as {@link #classify} would; null and
   * blank texts are skipped with a reason, as in {@link #classify}.
   *
   * @param contexts one per text, null allowed
   * @return scores in the size and order of {@code texts}
   * @throws IllegalArgumentException when the model does not accept pairs ({@link
   *     ModelInfo#acceptsTextPairs()}), or the lists differ in size
   */
  default List<TextScore> classifyPairs(List<String> contexts, List<String> texts) {
    info().requireTextPairs();
    throw new UnsupportedOperationException(getClass().getName() + " says model " + info().id()
        + " accepts text pairs but does not implement classifyPairs");
  }

  @Override
  void close();
}
