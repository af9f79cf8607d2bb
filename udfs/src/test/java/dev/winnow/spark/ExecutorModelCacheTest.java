package dev.winnow.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.winnow.runtime.InferenceOptions;
import dev.winnow.runtime.EncoderInfo;
import dev.winnow.runtime.TextClassifier;
import dev.winnow.runtime.TextEncoder;
import dev.winnow.spark.testing.FakeClassifier;
import dev.winnow.spark.testing.FakeFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ExecutorModelCacheTest {

  @BeforeEach
  @AfterEach
  void reset() {
    ExecutorModelCache.closeAll();
    ExecutorModelCache.resetLoadCount();
  }

  @Test
  void concurrentRequestsLoadOnce() throws Exception {
    FakeFactory slow = new FakeFactory(200, 0);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<TextClassifier>> asks = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        asks.add(() -> ExecutorModelCache.get(slow, FakeClassifier.REF, InferenceOptions.DEFAULTS));
      }
      List<Future<TextClassifier>> got = pool.invokeAll(asks);
      TextClassifier first = got.get(0).get();
      for (Future<TextClassifier> f : got) {
        assertSame(first, f.get());
      }
    } finally {
      pool.shutdown();
    }
    assertEquals(1, ExecutorModelCache.loads());
  }

  @Test
  void optionsAndEqualFactoriesFormTheKey() {
    TextClassifier a = ExecutorModelCache.get(new FakeFactory(), FakeClassifier.REF, InferenceOptions.DEFAULTS);
    // A deserialized copy of a factory is a different but equal object: it must hit the cache.
    TextClassifier b = ExecutorModelCache.get(new FakeFactory(), FakeClassifier.REF, InferenceOptions.DEFAULTS);
    TextClassifier c = ExecutorModelCache.get(
        new FakeFactory(), FakeClassifier.REF, InferenceOptions.DEFAULTS.withMaxTokens(128));
    assertSame(a, b);
    assertNotSame(a, c);
    assertEquals(2, ExecutorModelCache.loads());
  }

  /** An encoder loader on the same reference must not be served the cached classifier. */
  @Test
  void classifiersAndEncodersAreCachedApart() {
    TextClassifier classifier = ExecutorModelCache.get(new FakeFactory(), FakeClassifier.REF, InferenceOptions.DEFAULTS);
    TextEncoder encoder = ExecutorModelCache.get(new FakeEncoders(), FakeClassifier.REF, InferenceOptions.DEFAULTS);
    assertSame(encoder, ExecutorModelCache.get(new FakeEncoders(), FakeClassifier.REF, InferenceOptions.DEFAULTS));
    assertSame(classifier, ExecutorModelCache.get(new FakeFactory(), FakeClassifier.REF, InferenceOptions.DEFAULTS));
    assertEquals(2, ExecutorModelCache.loads());
    assertEquals(3, encoder.embed(List.of("abc")).get(0).length);
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
