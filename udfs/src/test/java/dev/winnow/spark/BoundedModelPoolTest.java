package dev.winnow.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The pool behind {@link ExecutorModelCache}, on fake models that know when they are closed. */
class BoundedModelPoolTest {

  /** A model whose use after close, or second close, is a test failure. */
  private static final class FakeModel implements AutoCloseable {
    final String key;
    private final AtomicInteger closes = new AtomicInteger();
    private final AtomicInteger users = new AtomicInteger();

    FakeModel(String key) {
      this.key = key;
    }

    boolean closed() {
      return closes.get() > 0;
    }

    void use(long nanos) {
      users.incrementAndGet();
      try {
        if (closed()) {
          throw new AssertionError(key + " used after close");
        }
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
          Thread.onSpinWait();
        }
      } finally {
        users.decrementAndGet();
      }
    }

    @Override
    public void close() {
      if (users.get() > 0) {
        throw new AssertionError(key + " closed while a task uses it");
      }
      if (closes.incrementAndGet() > 1) {
        throw new AssertionError(key + " closed twice");
      }
    }
  }

  private final Queue<FakeModel> loaded = new ConcurrentLinkedQueue<>();

  private Supplier<FakeModel> loader(String key) {
    return () -> {
      FakeModel model = new FakeModel(key);
      loaded.add(model);
      return model;
    };
  }

  private FakeModel borrowAndReturn(BoundedModelPool<String> pool, String key) {
    try (ModelLease<FakeModel> lease = pool.borrow(key, loader(key))) {
      return lease.model();
    }
  }

  @Test
  void keepsTheMostRecentlyBorrowedModelsOpen() {
    BoundedModelPool<String> pool = new BoundedModelPool<>(() -> 2);
    FakeModel a = borrowAndReturn(pool, "a");
    FakeModel b = borrowAndReturn(pool, "b");
    assertSame(a, borrowAndReturn(pool, "a"), "a is now more recent than b");
    FakeModel c = borrowAndReturn(pool, "c");
    assertTrue(b.closed(), "b was the least recently borrowed");
    assertFalse(a.closed() || c.closed());
    assertEquals(2, pool.size());
    assertNotSame(b, borrowAndReturn(pool, "b"), "an evicted model is loaded again");
    assertTrue(a.closed());
    assertEquals(4, pool.loads());
  }

  @Test
  void aModelInUseClosesOnlyAtItsLastReturn() {
    BoundedModelPool<String> pool = new BoundedModelPool<>(() -> 1);
    ModelLease<FakeModel> first = pool.borrow("a", loader("a"));
    ModelLease<FakeModel> second = pool.borrow("a", loader("a"));
    FakeModel a = first.model();
    FakeModel b = borrowAndReturn(pool, "b");
    assertFalse(a.closed(), "two tasks still hold a");
    assertFalse(b.closed(), "b is the most recent");
    first.close();
    first.close(); // a second close of one lease must not count as the other task's return
    assertFalse(a.closed(), "one task still holds a");
    second.close();
    assertTrue(a.closed(), "the last return closes an evicted model");
    assertFalse(b.closed());
    assertEquals(1, pool.size());
    assertThrows(IllegalStateException.class, first::model);
  }

  @Test
  void aModelInUseIsLentAgainInsteadOfLoadedTwice() {
    BoundedModelPool<String> pool = new BoundedModelPool<>(() -> 1);
    try (ModelLease<FakeModel> held = pool.borrow("a", loader("a"))) {
      borrowAndReturn(pool, "b");
      assertSame(held.model(), borrowAndReturn(pool, "a"));
    }
    assertEquals(2, pool.loads());
  }

  @Test
  void aFailedLoadIsNotRemembered() {
    BoundedModelPool<String> pool = new BoundedModelPool<>(() -> 2);
    assertThrows(IllegalStateException.class, () -> pool.borrow("a", () -> {
      throw new IllegalStateException("no weights");
    }));
    assertEquals(0, pool.size());
    assertEquals("a", borrowAndReturn(pool, "a").key);
    assertEquals(2, pool.loads());
  }

  @Test
  void aBadSettingFailsTheBorrowAndChangesNothing() {
    AtomicInteger setting = new AtomicInteger(1);
    BoundedModelPool<String> pool = new BoundedModelPool<>(() -> {
      if (setting.get() < 1) {
        throw new IllegalArgumentException("maxModels must be at least 1");
      }
      return setting.get();
    });
    FakeModel a = borrowAndReturn(pool, "a");
    setting.set(0);
    assertThrows(IllegalArgumentException.class, () -> pool.borrow("b", loader("b")));
    setting.set(1);
    assertSame(a, borrowAndReturn(pool, "a"));
    assertEquals(1, pool.size());
    assertEquals(1, pool.loads());
  }

  @Test
  void closeAllWaitsForModelsStillInUse() {
    BoundedModelPool<String> pool = new BoundedModelPool<>(() -> 4);
    FakeModel idle = borrowAndReturn(pool, "idle");
    ModelLease<FakeModel> busy = pool.borrow("busy", loader("busy"));
    pool.closeAll();
    assertTrue(idle.closed());
    assertFalse(busy.model().closed());
    busy.close();
    assertTrue(loaded.stream().allMatch(FakeModel::closed));
    assertEquals(0, pool.size());
  }

  /**
   * Tasks on many threads borrow among more models than the bound allows, so models are evicted
   * while other threads use them: none may be closed in use or twice, and once every task is done
   * only the bound's worth stay open.
   */
  @Test
  void concurrentTasksNeverSeeAClosedModel() throws Exception {
    int bound = 2;
    BoundedModelPool<String> pool = new BoundedModelPool<>(() -> bound);
    List<String> keys = List.of("a", "b", "c", "d", "e");
    int threads = 8;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService executor = Executors.newFixedThreadPool(threads);
    try {
      List<Callable<Integer>> tasks = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        tasks.add(() -> {
          start.await();
          ThreadLocalRandom random = ThreadLocalRandom.current();
          for (int i = 0; i < 500; i++) {
            String key = keys.get(random.nextInt(keys.size()));
            try (ModelLease<FakeModel> lease = pool.borrow(key, loader(key))) {
              assertEquals(key, lease.model().key);
              lease.model().use(random.nextLong(20_000));
            }
          }
          return 500;
        });
      }
      List<Future<Integer>> done = new ArrayList<>();
      for (Callable<Integer> task : tasks) {
        done.add(executor.submit(task));
      }
      start.countDown();
      for (Future<Integer> f : done) {
        assertEquals(500, f.get(60, TimeUnit.SECONDS)); // rethrows a task's AssertionError
      }
    } finally {
      executor.shutdownNow();
    }
    List<FakeModel> open = loaded.stream().filter(m -> !m.closed()).toList();
    assertEquals(pool.size(), open.size(), "every model the pool forgot was closed");
    assertTrue(open.size() <= bound, open.size() + " models open");
    assertEquals(open.size(), open.stream().map(m -> m.key).distinct().count(), "one copy per key");
    assertTrue(pool.loads() > keys.size(), "models were evicted and reloaded: " + pool.loads());
    pool.closeAll();
    assertTrue(loaded.stream().allMatch(FakeModel::closed));
  }
}
