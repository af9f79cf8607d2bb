package dev.winnow.spark;

import dev.winnow.runtime.InferenceOptions;
import dev.winnow.runtime.TextClassifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One loaded classifier per (factory, model reference, inference options) per JVM.
 *
 * <p>Executors run many tasks at once; each would otherwise load its own copy of the weights. The
 * classifier contract says instances are thread-safe, so all tasks of the JVM share one. Loads are
 * serialized per key so that tasks asking at the same moment wait for the single load instead of
 * racing. A failed load is not remembered: the next task (usually Spark's retry) tries again.
 *
 * <p>Models are never evicted while the JVM lives: an executor scores with one model for its whole
 * life, and closing one that a running task still uses would crash that task.
 */
public final class ExecutorModelCache {

  private record Key(ClassifierFactory factory, String reference, InferenceOptions options) {}

  private static final ConcurrentHashMap<Key, Slot> SLOTS = new ConcurrentHashMap<>();
  private static final AtomicLong LOADS = new AtomicLong();

  private ExecutorModelCache() {}

  /** The shared classifier for this key, loading it on first use. */
  public static TextClassifier get(
      ClassifierFactory factory, String reference, InferenceOptions options) {
    Key key = new Key(
        Objects.requireNonNull(factory, "factory"),
        Objects.requireNonNull(reference, "reference"),
        Objects.requireNonNull(options, "options"));
    return SLOTS.computeIfAbsent(key, Slot::new).get();
  }

  /** How many times this JVM has called a factory's {@code load} (failed attempts included). */
  public static long loads() {
    return LOADS.get();
  }

  /**
   * Closes and forgets every cached classifier. For tests and embedding applications that know no
   * task is running; executors never need it.
   */
  public static synchronized void closeAll() {
    List<Slot> slots = new ArrayList<>(SLOTS.values());
    SLOTS.clear();
    for (Slot slot : slots) {
      slot.close();
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
    private volatile TextClassifier model;

    Slot(Key key) {
      this.key = key;
    }

    TextClassifier get() {
      TextClassifier loaded = model;
      if (loaded != null) {
        return loaded;
      }
      synchronized (this) {
        if (model == null) {
          DjlOffline.enforce();
          LOADS.incrementAndGet();
          model = key.factory().load(key.reference(), key.options());
        }
        return model;
      }
    }

    synchronized void close() {
      if (model != null) {
        model.close();
        model = null;
      }
    }
  }
}
