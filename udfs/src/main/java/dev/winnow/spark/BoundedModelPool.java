package dev.winnow.spark;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Open models by key, shared by concurrent borrowers: the {@code maxModels} most recently borrowed
 * stay open, plus any older one still lent out. An older model closes when its last borrower
 * returns it, so a running task never has its model closed under it, and a model in use is lent
 * again (never loaded twice) when asked for meanwhile.
 *
 * <p>Bookkeeping (which keys, who holds what, recency) happens under the pool's lock and is cheap;
 * loads run under the key's own lock, so a slow load blocks only borrowers of that key, and
 * closes run outside every lock. A failed load is not remembered: the next borrower loads again.
 *
 * @param <K> the key; equal keys always load the same kind of model
 */
final class BoundedModelPool<K> {

  private static final System.Logger LOG = System.getLogger(BoundedModelPool.class.getName());

  private final IntSupplier maxModels;
  private int bound; // maxModels as of the latest borrow; guarded by this
  // Access order: iteration starts at the least recently borrowed key.
  private final LinkedHashMap<K, Slot> slots = new LinkedHashMap<>(16, 0.75f, true);
  private final AtomicLong loads = new AtomicLong();

  /** @param maxModels asked at every borrow (before it changes anything: a bad setting fails it cleanly) */
  BoundedModelPool(IntSupplier maxModels) {
    this.maxModels = maxModels;
  }

  /**
   * The open model for {@code key}, loading it with {@code load} when none is.
   *
   * @throws RuntimeException what the load threw; nothing is kept for the key then
   */
  <M extends AutoCloseable> ModelLease<M> borrow(K key, Supplier<M> load) {
    Objects.requireNonNull(key, "key");
    int maxOpen = maxModels.getAsInt();
    Slot slot;
    List<Slot> evicted;
    synchronized (this) {
      bound = maxOpen;
      slot = slots.get(key);
      if (slot == null) {
        slot = new Slot(key);
        slots.put(key, slot);
      }
      slot.borrowers++;
      evicted = evictIdleBeyondBound();
    }
    closeQuietly(evicted);
    Slot borrowed = slot;
    try {
      // Equal keys load the same kind of model (see the class comment), so this slot holds an M.
      @SuppressWarnings("unchecked")
      M model = (M) borrowed.open(load);
      return new ModelLease<>(model, () -> giveBack(borrowed));
    } catch (RuntimeException | Error e) {
      giveBack(borrowed);
      throw e;
    }
  }

  /** How many times a load ran (failed attempts included). */
  long loads() {
    return loads.get();
  }

  void resetLoads() {
    loads.set(0);
  }

  /** Keys with an open model or a load under way; evicted models still lent out not included. */
  synchronized int size() {
    return slots.size();
  }

  /**
   * Forgets every key; idle models close now, models still lent out at their last return.
   *
   * @throws IllegalStateException the first failure to close, after trying every model
   */
  void closeAll() {
    List<Slot> idle = new ArrayList<>();
    synchronized (this) {
      for (Slot slot : slots.values()) {
        slot.evicted = true;
        if (slot.borrowers == 0) {
          idle.add(slot);
        }
      }
      slots.clear();
    }
    RuntimeException first = null;
    for (Slot slot : idle) {
      try {
        slot.close();
      } catch (RuntimeException e) {
        // Close the others anyway: a model left open keeps native memory until the JVM exits.
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }

  private void giveBack(Slot slot) {
    List<Slot> closing;
    synchronized (this) {
      slot.borrowers--;
      boolean lastOut = slot.borrowers == 0 && (slot.evicted || !slot.isOpen());
      if (lastOut && !slot.evicted) {
        // Its load failed: forget the key so that the next borrower tries again.
        slots.remove(slot.key);
        slot.evicted = true;
      }
      closing = evictIdleBeyondBound();
      if (lastOut) {
        closing.add(slot);
      }
    }
    closeQuietly(closing);
  }

  /**
   * Removes the idle slots among the least recently borrowed {@code size - maxModels}; slots lent
   * out stay (they count against the bound until returned) and are looked at again on return.
   */
  private List<Slot> evictIdleBeyondBound() {
    List<Slot> evicted = new ArrayList<>();
    Iterator<Slot> eldestFirst = slots.values().iterator();
    for (int beyond = slots.size() - bound; beyond > 0 && eldestFirst.hasNext(); beyond--) {
      Slot slot = eldestFirst.next();
      if (slot.borrowers == 0) {
        eldestFirst.remove();
        slot.evicted = true;
        evicted.add(slot);
      }
    }
    return evicted;
  }

  /** Closes models the pool no longer holds; a failure must not fail the borrower that triggered it. */
  private void closeQuietly(List<Slot> slots) {
    for (Slot slot : slots) {
      try {
        slot.close();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "cannot close evicted model " + slot.key, e);
      }
    }
  }

  // borrowers and evicted are guarded by the pool's lock; the model by the slot's own.
  private final class Slot {
    private final K key;
    private int borrowers;
    private boolean evicted;
    private volatile AutoCloseable model;

    Slot(K key) {
      this.key = key;
    }

    boolean isOpen() {
      return model != null;
    }

    AutoCloseable open(Supplier<? extends AutoCloseable> load) {
      AutoCloseable open = model;
      if (open != null) {
        return open;
      }
      synchronized (this) {
        if (model == null) {
          loads.incrementAndGet();
          model = Objects.requireNonNull(load.get(), "the loader returned no model");
        }
        return model;
      }
    }

    synchronized void close() {
      if (model == null) {
        return;
      }
      try {
        model.close();
      } catch (Exception e) {
        throw new IllegalStateException("cannot close model " + key, e);
      } finally {
        model = null;
      }
    }
  }
}
