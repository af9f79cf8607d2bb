package dev.winnow.spark.testing;

import dev.winnow.runtime.InferenceOptions;
import dev.winnow.runtime.ModelInfo;
import dev.winnow.runtime.TextClassifier;
import dev.winnow.runtime.WinnowErrors;
import dev.winnow.spark.ClassifierFactory;

/**
 * Serves {@link FakeClassifier} for {@value FakeClassifier#REF}.
 *
 * @param loadDelayMillis how long a load takes, to widen the window in which concurrent tasks
 *     would race to load
 * @param classifyDelayMillis how long each classify call takes, so concurrent tasks overlap
 */
public record FakeFactory(long loadDelayMillis, long classifyDelayMillis) implements ClassifierFactory {

  public FakeFactory() {
    this(0, 0);
  }

  @Override
  public TextClassifier load(String reference, InferenceOptions options) {
    check(reference);
    try {
      Thread.sleep(loadDelayMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return new FakeClassifier(options, classifyDelayMillis);
  }

  @Override
  public ModelInfo describe(String reference) {
    check(reference);
    return FakeClassifier.INFO;
  }

  private static void check(String reference) {
    if (!FakeClassifier.REF.equals(reference)) {
      throw WinnowErrors.badModel("fake factory knows only " + FakeClassifier.REF + ", not " + reference);
    }
  }
}
