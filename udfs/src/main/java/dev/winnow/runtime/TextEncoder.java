package dev.winnow.runtime;

import java.util.List;

/**
 * A sentence encoder: texts in, one pooled vector each out (the features trained heads learn
 * from). Batches like {@link TextClassifier}; long texts are windowed and their windows averaged.
 * Thread-safe.
 */
public interface TextEncoder extends AutoCloseable {

  EncoderInfo info();

  /** One vector per text, in order; null for null or blank texts. */
  List<float[]> embed(List<String> texts);

  @Override
  void close();
}
