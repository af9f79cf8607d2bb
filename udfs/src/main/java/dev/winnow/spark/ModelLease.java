package dev.winnow.spark;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A model borrowed from {@link ExecutorModelCache} for the length of one use (a chunk's {@code
 * classify} call, say). While any lease on a model is open the cache never closes it, even when
 * it has to make room for others; close the lease (try-with-resources) as soon as the call is
 * done, so an evicted model's native memory is freed promptly.
 *
 * @param <M> the model's kind
 */
public final class ModelLease<M extends AutoCloseable> implements AutoCloseable {

  private final M model;
  private final Runnable release;
  private final AtomicBoolean released = new AtomicBoolean();

  ModelLease(M model, Runnable release) {
    this.model = model;
    this.release = release;
  }

  /** The model; only valid until {@link #close}. */
  public M model() {
    if (released.get()) {
      throw new IllegalStateException("the lease was returned; borrow the model again");
    }
    return model;
  }

  /** Returns the model to the cache; later calls do nothing (one borrow, one release). */
  @Override
  public void close() {
    if (released.compareAndSet(false, true)) {
      release.run();
    }
  }
}
