package dev.winnow.spark;

import dev.winnow.runtime.InferenceOptions;
import dev.winnow.runtime.TextClassifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One loaded model per (loader, model reference, inference options) per JVM: classifiers for
 * scoring, sentence encoders for embedding, keyed apart by their loader.
 *
 * <p>Executors run many tasks at once; each would otherwise load its own copy of the weights. The
 * runtime's classifiers and encoders are thread-safe, so all tasks of the JVM share one. Loads are
 * serialized per key so that tasks asking at the same moment wait for the single load instead of
 * racing. A failed load is not remembered: the next task (usually Spark's retry) tries again.
 *
 * <p>Models are never evicted while the JVM lives: an executor scores with one model for its whole
 * life, and closing one that a running task still uses would crash that task.
 */
public final class ExecutorModelCache {

  private record Key(ModelLoader<?> loader, String reference, InferenceOptions options) {}

  private static final ConcurrentHashMap<Key, Slot> SLOTS = new ConcurrentHashMap<>();
  private static final AtomicLong LOADS = new AtomicLong();

  private ExecutorModelCache() {}

  /** The shared classifier for this key, loading it on first use. */
  public static TextClassifier get(
      ClassifierFactory factory, String reference, InferenceOptions options) {
    return get((ModelLoader<TextClassifier>) factory, reference, options);
  }

  /** The shared model of {@code loader}'s kind for this key, loading it on first use. */
  public static <M extends AutoCloseable> M get(
      ModelLoader<M> loader, String reference, InferenceOptions options) {
    Key key = new Key(
        Objects.requireNonNull(loader, "loader"),
        Objects.requireNonNull(reference, "reference"),
        Objects.requireNonNull(options, "options"));
    // The key holds the loader, so the slot's model is what that loader returns: an M.
    @SuppressWarnings("unchecked")
    M model = (M) SLOTS.computeIfAbsent(key, Slot::new).get();
    return model;
  }

  /** How many times this JVM has called a loader's {@code load} (failed attempts included). */
  public static long loads() {
    return LOADS.get();
  }

  /**
   * Closes and forgets every cached model. For tests and embedding applications that know no
   * task is running; executors never need it.
   */
  public static synchronized void closeAll() {
    List<Slot> slots = new ArrayList<>(SLOTS.values());
    SLOTS.clear();
    RuntimeException first = null;
    for (Slot slot : slots) {
      try {
        slot.close();
      } catch (RuntimeException e) {
        // Close the others anyway: a model left open keeps native memory until the JVM exits.
        if (first == null) {
          first = e;
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  /** Resets the load counter; tests only. */
  public static void resetLoadCount() {
    LOADS.set(0);
  }

  // computeIfAbsent must stay cheap (it locks a map bin), so it only creates the slot; the slow
  // load happens under the slot's own lock.
  private static final class Slot {
    private final Key key;
    private volatile AutoCloseable model;

    Slot(Key key) {
      this.key = key;
    }

    AutoCloseable get() {
      AutoCloseable loaded = model;
      if (loaded != null) {
        return loaded;
      }
      synchronized (this) {
        if (model == null) {
          DjlOffline.enforce();
          LOADS.incrementAndGet();
          model = key.loader().load(key.reference(), key.options());
        }
        return model;
      }
    }

    synchronized void close() {
      if (model != null) {
        try {
          model.close();
        } catch (Exception e) {
          throw new IllegalStateException("cannot close model " + key.reference(), e);
        } finally {
          model = null;
        }
      }
    }
  }
}
