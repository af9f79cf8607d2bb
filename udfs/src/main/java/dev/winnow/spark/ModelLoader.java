package dev.winnow.spark;

import dev.winnow.runtime.InferenceOptions;
import java.io.Serializable;

/**
 * Turns a model reference into a loaded model of one kind (a classifier, an encoder): what {@link
 * ExecutorModelCache} calls on an executor.
 *
 * <p>Loaders travel to executors inside Spark closures and are part of the cache key, so
 * implementations must be serializable and have value equality (an enum constant or a record):
 * otherwise every deserialized copy would load its own model. Two loaders of different kinds are
 * never equal, so one reference can be cached as a classifier and as an encoder side by side.
 *
 * @param <M> what a load returns; closed when the cache evicts it (once no task holds it) or is cleared
 */
public interface ModelLoader<M extends AutoCloseable> extends Serializable {

  /** Loads weights; expensive, called once per executor JVM and key by the cache (again after an eviction). */
  M load(String reference, InferenceOptions options);
}
