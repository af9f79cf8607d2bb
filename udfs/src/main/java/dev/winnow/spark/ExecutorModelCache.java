package dev.winnow.spark;

import dev.winnow.runtime.InferenceOptions;
import dev.winnow.runtime.TextClassifier;
import java.util.Objects;
import org.apache.spark.SparkEnv;

/**
 * The models of this JVM, one per (loader, model reference, inference options), lent to the tasks
 * that need them: classifiers for scoring, sentence encoders for embedding, keyed apart by their
 * loader.
 *
 * <p>Executors run many tasks at once; each would otherwise load its own copy of the weights. The
 * runtime's classifiers and encoders are thread-safe, so all tasks of the JVM share one. Tasks
 * asking for a model at the same moment wait for a single load instead of racing. A failed load
 * is not remembered: the next task (usually Spark's retry) tries again.
 *
 * <p>Long-lived executors (notebook sessions, the Thrift server, jobs with per-role models, model
 * versions changing over days) would otherwise keep every model they ever loaded in native memory,
 * so at most {@value #MAX_MODELS_CONF} (default {@value #DEFAULT_MAX_MODELS}) stay open: the most
 * recently borrowed. An older one closes once no task holds it, never under a running task, which
 * is why tasks borrow a model for each use ({@link #borrow}) and give it back.
 */
public final class ExecutorModelCache {

  /** Spark setting, read from the executor's conf: how many models a JVM keeps open. */
  public static final String MAX_MODELS_CONF = "spark.winnow.modelCache.maxModels";

  /** Room for a job's per-role and refusal models with one to spare. */
  public static final int DEFAULT_MAX_MODELS = 4;

  private record Key(ModelLoader<?> loader, String reference, InferenceOptions options) {}

  private static final BoundedModelPool<Key> MODELS = new BoundedModelPool<>(ExecutorModelCache::maxModels);

  private ExecutorModelCache() {}

  /** The shared classifier for this key, loading it on first use. */
  public static ModelLease<TextClassifier> borrow(
      ClassifierFactory factory, String reference, InferenceOptions options) {
    return borrow((ModelLoader<TextClassifier>) factory, reference, options);
  }

  /**
   * The shared model of {@code loader}'s kind for this key, loading it on first use. Close the
   * lease when done with the model: until then it stays open whatever else the JVM loads.
   */
  public static <M extends AutoCloseable> ModelLease<M> borrow(
      ModelLoader<M> loader, String reference, InferenceOptions options) {
    Key key = new Key(
        Objects.requireNonNull(loader, "loader"),
        Objects.requireNonNull(reference, "reference"),
        Objects.requireNonNull(options, "options"));
    return MODELS.borrow(key, () -> {
      DjlOffline.enforce();
      return loader.load(reference, options);
    });
  }

  /** How many times this JVM has called a loader's {@code load} (failed attempts included). */
  public static long loads() {
    return MODELS.loads();
  }

  /** Models open in this JVM, evicted ones still lent out not counted. */
  public static int size() {
    return MODELS.size();
  }

  /**
   * Closes and forgets every cached model (one still lent out closes when given back). For tests
   * and embedding applications; executors never need it.
   */
  public static void closeAll() {
    MODELS.closeAll();
  }

  /** Resets the load counter; tests only. */
  public static void resetLoadCount() {
    MODELS.resetLoads();
  }

  /** The bound from this JVM's Spark conf; the default outside Spark (no {@link SparkEnv}). */
  static int maxModels() {
    SparkEnv env = SparkEnv.get();
    return maxModels(env == null ? null : env.conf().get(MAX_MODELS_CONF, null));
  }

  /**
   * @param setting the conf value, null when not set
   * @throws IllegalArgumentException naming the setting, for anything but a positive integer
   */
  static int maxModels(String setting) {
    if (setting == null) {
      return DEFAULT_MAX_MODELS;
    }
    try {
      int max = Integer.parseInt(setting.trim());
      if (max >= 1) {
        return max;
      }
    } catch (NumberFormatException e) {
      // the message below says what is accepted
    }
    throw new IllegalArgumentException(
        MAX_MODELS_CONF + " must be a whole number of models, at least 1; got '" + setting + "'");
  }
}
