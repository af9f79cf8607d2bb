package dev.winnow.jobs.testing;

import dev.winnow.runtime.InferenceOptions;
import dev.winnow.runtime.ModelInfo;
import dev.winnow.runtime.TextClassifier;
import dev.winnow.runtime.TextScore;
import dev.winnow.spark.ClassifierFactory;
import dev.winnow.spark.testing.FakeClassifier;
import dev.winnow.spark.testing.FakeFactory;
import java.util.List;

/**
 * {@link FakeFactory}'s model, except that a chunk holding a text that contains {@code poison}
 * fails: a task dying in the middle of a job, after other tasks have written their files.
 */
public record PoisonFactory(String poison) implements ClassifierFactory {

  /** The message of the failure a poisoned chunk throws. */
  public static final String MESSAGE = "poisoned chunk";

  @Override
  public TextClassifier load(String reference, InferenceOptions options) {
    TextClassifier fake = new FakeFactory().load(reference, options);
    return new TextClassifier() {
      @Override
      public ModelInfo info() {
        return fake.info();
      }

      @Override
      public List<TextScore> classify(List<String> texts) {
        if (texts.stream().anyMatch(t -> t.contains(poison))) {
          throw new IllegalStateException(MESSAGE);
        }
        return fake.classify(texts);
      }

      @Override
      public void close() {
        fake.close();
      }
    };
  }

  @Override
  public ModelInfo describe(String reference) {
    return FakeClassifier.INFO;
  }
}
