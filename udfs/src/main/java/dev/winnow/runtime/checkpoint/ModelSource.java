package dev.winnow.runtime.checkpoint;

import dev.winnow.runtime.InferenceOptions;
import dev.winnow.runtime.ModelInfo;
import dev.winnow.runtime.TextClassifier;

/** A model on disk in one format, able to describe itself cheaply and to load. */
public interface ModelSource {

  ModelInfo describe();

  TextClassifier load(InferenceOptions options);
}
