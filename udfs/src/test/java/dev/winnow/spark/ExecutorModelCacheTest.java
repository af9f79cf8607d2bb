package dev.winnow.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winnow.runtime.InferenceOptions;
import dev.winnow.runtime.EncoderInfo;
import dev.winnow.runtime.TextClassifier;
import dev.winnow.runtime.TextEncoder;
import dev.winnow.spark.testing.FakeClassifier;
import dev.winnow.spark.testing.FakeFactory;
import java.util.ArrayList;
import dev.winnow.spark.testing.TestSpark;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ExecutorModelCacheTest {

  @BeforeEach
  @AfterEach
  void reset() {
    TestSpark.forgetModels();
  }

  @Test
  void concurrentRequestsLoadOnce() throws Exception {
    FakeFactory slow = new FakeFactory(200, 0);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<ModelLease<TextClassifier>> leases = new ArrayList<>();
    try {
      List<Callable<ModelLease<TextClassifier>>> asks = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        asks.add(() -> ExecutorModelCache.borrow(slow, FakeClassifier.REF, InferenceOptions.DEFAULTS));
      }
      for (Future<ModelLease<TextClassifier>> f : pool.invokeAll(asks)) {
        leases.add(f.get());
      }
      for (ModelLease<TextClassifier> lease : leases) {
        assertSame(leases.get(0).model(), lease.model());
      }
    } finally {
      leases.forEach(ModelLease::close);
      pool.shutdown();
    }
    assertEquals(1, ExecutorModelCache.loads());
  }

  @Test
  void optionsAndEqualFactoriesFormTheKey() {
    TextClassifier a = borrowOnce(new FakeFactory(), InferenceOptions.DEFAULTS);
    // A deserialized copy of a factory is a different but equal object: it must hit the cache.
    TextClassifier b = borrowOnce(new FakeFactory(), InferenceOptions.DEFAULTS);
    TextClassifier c = borrowOnce(new FakeFactory(), InferenceOptions.DEFAULTS.withMaxTokens(128));
    assertSame(a, b);
    assertNotSame(a, c);
    assertEquals(2, ExecutorModelCache.loads());
  }

  /** An encoder loader on the same reference must not be served the cached classifier. */
  @Test
  void classifiersAndEncodersAreCachedApart() {
    TextClassifier classifier = borrowOnce(new FakeFactory(), InferenceOptions.DEFAULTS);
    TextEncoder encoder = borrowOnce(new FakeEncoders(), InferenceOptions.DEFAULTS);
    assertSame(encoder, borrowOnce(new FakeEncoders(), InferenceOptions.DEFAULTS));
    assertSame(classifier, borrowOnce(new FakeFactory(), InferenceOptions.DEFAULTS));
    assertEquals(2, ExecutorModelCache.loads());
    assertEquals(3, encoder.embed(List.of("abc")).get(0).length);
  }

  @Test
  void theBoundComesFromTheSparkConf() {
    assertEquals(ExecutorModelCache.DEFAULT_MAX_MODELS, ExecutorModelCache.maxModels(), "no Spark here");
    assertEquals(ExecutorModelCache.DEFAULT_MAX_MODELS, ExecutorModelCache.maxModels(null));
    assertEquals(2, ExecutorModelCache.maxModels(" 2"));
    for (String bad : List.of("0", "-1", "four", "")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ExecutorModelCache.maxModels(bad));
      assertTrue(e.getMessage().contains(ExecutorModelCache.MAX_MODELS_CONF), e.getMessage());
    }
    SparkContext spark = new SparkContext(new SparkConf().setMaster("local[1]").setAppName("ExecutorModelCacheTest")
        .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
        .set("spark.driver.bindAddress", "127.0.0.1").set(ExecutorModelCache.MAX_MODELS_CONF, "1"));
    try {
      assertEquals(1, ExecutorModelCache.maxModels());
      borrowOnce(new FakeFactory(), InferenceOptions.DEFAULTS);
      borrowOnce(new FakeFactory(), InferenceOptions.DEFAULTS.withMaxTokens(128));
      assertEquals(1, ExecutorModelCache.size(), "the first model was closed to make room");
    } finally {
      spark.stop();
    }
  }

  /** Borrows and gives back at once, as a task does around one call. */
  private static <M extends AutoCloseable> M borrowOnce(ModelLoader<M> loader, InferenceOptions options) {
    try (ModelLease<M> lease = ExecutorModelCache.borrow(loader, FakeClassifier.REF, options)) {
      return lease.model();
    }
  }

  private record FakeEncoders() implements EncoderFactory {
    @Override
    public TextEncoder load(String reference, InferenceOptions options) {
      return new TextEncoder() {
        @Override
        public EncoderInfo info() {
          return new EncoderInfo("fake", "00", 3, 16);
        }

        @Override
        public List<float[]> embed(List<String> texts) {
          return texts.stream().map(t -> new float[] {t.length(), 0, 1}).toList();
        }

        @Override
        public void close() {}
      };
    }
  }
}
