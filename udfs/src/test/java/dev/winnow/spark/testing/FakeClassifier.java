package dev.winnow.spark.testing;

import dev.winnow.runtime.EngineThreads;
import dev.winnow.runtime.InferenceOptions;
import dev.winnow.runtime.LongTextPolicy;
import dev.winnow.runtime.ModelInfo;
import dev.winnow.runtime.ScoreActivation;
import dev.winnow.runtime.TextClassifier;
import dev.winnow.runtime.TextScore;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A deterministic stand-in model: scores come from character counts, tokens from words.
 *
 * <ul>
 *   <li>{@code toxic}: exclamation marks / 4, capped at 1
 *   <li>{@code Self-Harm}: share of letters that are upper case
 *   <li>{@code hate speech}: (length mod 20) / 19
 * </ul>
 *
 * <p>Labels deliberately need sanitizing. It refuses null and blank texts, which the Spark layer
 * must answer itself, and counts calls in statics so tests can see how the Spark layer drove it.
 */
public final class FakeClassifier implements TextClassifier {

  public static final String REF = "test:fake";
  public static final List<String> LABELS = List.of("toxic", "Self-Harm", "hate speech");
  public static final ModelInfo INFO = new ModelInfo(
      "fake", "0123456789abcdef0123456789abcdef", LABELS, ScoreActivation.SIGMOID, 512);

  public static final AtomicInteger CLASSIFY_CALLS = new AtomicInteger();
  /** Most classify calls seen running at the same moment (on any instance). */
  public static final AtomicInteger MAX_CONCURRENT = new AtomicInteger();
  private static final AtomicInteger RUNNING = new AtomicInteger();
  /** The native intra-op thread counts classify calls ran with. */
  public static final Set<Integer> ENGINE_THREADS = ConcurrentHashMap.newKeySet();

  private final InferenceOptions options;
  private final long classifyDelayMillis;

  public FakeClassifier(InferenceOptions options) {
    this(options, 0);
  }

  public FakeClassifier(InferenceOptions options, long classifyDelayMillis) {
    this.options = options;
    this.classifyDelayMillis = classifyDelayMillis;
  }

  public static void resetCounters() {
    CLASSIFY_CALLS.set(0);
    MAX_CONCURRENT.set(0);
    ENGINE_THREADS.clear();
  }

  @Override
  public ModelInfo info() {
    return INFO;
  }

  @Override
  public List<TextScore> classify(List<String> texts) {
    CLASSIFY_CALLS.incrementAndGet();
    ENGINE_THREADS.add(EngineThreads.intraOp());
    MAX_CONCURRENT.accumulateAndGet(RUNNING.incrementAndGet(), Math::max);
    try {
      if (classifyDelayMillis > 0) {
        Thread.sleep(classifyDelayMillis);
      }
      return scoreAll(texts);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      RUNNING.decrementAndGet();
    }
  }

  private List<TextScore> scoreAll(List<String> texts) {
    List<TextScore> out = new ArrayList<>(texts.size());
    for (String text : texts) {
      if (text == null || text.isBlank()) {
        throw new IllegalArgumentException("fake model was given a null or blank text");
      }
      out.add(score(text));
    }
    return out;
  }

  private TextScore score(String text) {
    long bangs = text.chars().filter(c -> c == '!').count();
    long letters = text.chars().filter(Character::isLetter).count();
    long upper = text.chars().filter(Character::isUpperCase).count();
    float[] scores = {
      Math.min(1f, bangs / 4f),
      letters == 0 ? 0f : (float) upper / letters,
      (text.length() % 20) / 19f
    };
    int tokens = text.trim().split("\\s+").length + 2;
    int window = options.maxTokens() == 0 ? INFO.maxTokens() : options.maxTokens();
    if (tokens <= window) {
      return new TextScore(scores, tokens, 1, false, null);
    }
    if (options.longText() == LongTextPolicy.TRUNCATE) {
      return new TextScore(scores, tokens, 1, true, null);
    }
    int step = Math.max(1, window - 2 - options.stride());
    int needed = 1 + (tokens - window + step - 1) / step;
    int windows = Math.min(needed, options.maxWindows());
    return new TextScore(scores, tokens, windows, needed > windows, null);
  }

  @Override
  public void close() {}
}
