package dev.winnow.runtime.inference;

import dev.winnow.runtime.InferenceOptions;
import dev.winnow.runtime.TextScore;
import dev.winnow.runtime.WindowAggregation;
import dev.winnow.runtime.text.CharBudget;
import dev.winnow.runtime.text.TextTokenizer;
import dev.winnow.runtime.text.TokenizedPair;
import dev.winnow.runtime.text.TokenizedText;
import dev.winnow.runtime.text.Windows;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The pipeline every model shares: skip null and blank texts, cut huge texts to what their windows
 * can hold ({@link CharBudget}), tokenize once, cut into windows, batch by token budget, run the
 * network, transform each window's output, fold windows back into one vector per text, in the
 * caller's order.
 */
public final class WindowedRunner implements AutoCloseable {

  /** One text's folded output; {@code vector} is null when the text was skipped. */
  public record Result(float[] vector, int tokens, int windows, boolean truncated, String skipReason) {}

  private final TextTokenizer tokenizer;
  private final Windows windows;
  private final CharBudget charBudget;
  private final TokenBudgetPlanner planner;
  private final long padTokenId;
  private final InferenceCounters counters = new InferenceCounters();

  public WindowedRunner(TextTokenizer tokenizer, Windows windows, TokenBudgetPlanner planner, long padTokenId) {
    this.tokenizer = tokenizer;
    this.windows = windows;
    this.charBudget = CharBudget.forTokens(windows.tokenCapacity());
    this.planner = planner;
    this.padTokenId = padTokenId;
  }

  /**
   * The runner for a model: windows of the length {@code options} ask for (the model's maximum
   * when 0), batches of {@code options.batchTokens()}.
   *
   * @throws IllegalArgumentException when the options ask for longer windows than the model takes
   */
  public static WindowedRunner of(
      TextTokenizer tokenizer, InferenceOptions options, String modelName, int modelMaxTokens, int padTokenId) {
    return new WindowedRunner(tokenizer,
        new Windows(options.windowTokens(modelName, modelMaxTokens), options.longText(), options.stride(),
            options.maxWindows()),
        new TokenBudgetPlanner(options.batchTokens()), padTokenId);
  }

  public InferenceCounters counters() {
    return counters;
  }

  public List<Result> run(
      List<String> texts, LogitsNetwork network, UnaryOperator<float[]> perWindow, WindowAggregation aggregation) {
    return run(Collections.nCopies(texts.size(), null), texts, network, perWindow, aggregation);
  }

  /**
   * As {@link #run(List, LogitsNetwork, UnaryOperator, WindowAggregation)}, each text with its
   * context as a pair ({@link Windows#split(TokenizedPair)}); a null or blank context runs its
   * text alone. Pairs and single texts share the batches.
   */
  public List<Result> run(List<String> contexts, List<String> texts, LogitsNetwork network,
      UnaryOperator<float[]> perWindow, WindowAggregation aggregation) {
    if (contexts.size() != texts.size()) {
      throw new IllegalArgumentException(contexts.size() + " contexts for " + texts.size() + " texts");
    }
    Result[] results = new Result[texts.size()];
    List<Integer> alone = new ArrayList<>();
    List<Integer> paired = new ArrayList<>();
    // Only what the windows can hold reaches the tokenizer: a text's head, a context's most recent part.
    List<String> heads = new ArrayList<>(texts.size());
    List<String> recent = new ArrayList<>(texts.size());
    boolean[] cut = new boolean[texts.size()];
    for (int i = 0; i < texts.size(); i++) {
      String text = texts.get(i);
      String context = contexts.get(i);
      String head = text == null ? null : charBudget.cut(text);
      heads.add(head);
      recent.add(context == null ? null : charBudget.cutTail(context));
      cut[i] = head != null && head.length() < text.length();
      if (text == null) {
        results[i] = new Result(null, 0, 0, false, TextScore.NULL_TEXT);
      } else if (text.isBlank()) {
        results[i] = new Result(null, 0, 0, false, TextScore.EMPTY_TEXT);
      } else if (context == null || context.isBlank()) {
        alone.add(i);
      } else {
        paired.add(i);
      }
    }
    Windows.Split[] splits = new Windows.Split[texts.size()];
    if (!alone.isEmpty()) {
      List<TokenizedText> encoded = tokenizer.encodeAll(select(heads, alone));
      for (int j = 0; j < encoded.size(); j++) {
        splits[alone.get(j)] = windows.split(encoded.get(j));
      }
    }
    if (!paired.isEmpty()) {
      List<TokenizedPair> encoded = tokenizer.encodePairs(select(recent, paired), select(heads, paired));
      for (int j = 0; j < encoded.size(); j++) {
        splits[paired.get(j)] = windows.split(encoded.get(j));
      }
    }
    if (!alone.isEmpty() || !paired.isEmpty()) {
      runInto(results, splits, cut, network, perWindow, aggregation);
    }
    return List.of(results);
  }

  /**
   * What the model ran for one text: every window's tokens (a token in two overlapping windows
   * counts twice), not the text's length, so tokens/s measures the model's work.
   */
  private static int tokensRun(Windows.Split split) {
    int tokens = 0;
    for (TokenizedText window : split.windows()) {
      tokens += window.length();
    }
    return tokens;
  }

  private static List<String> select(List<String> values, List<Integer> indices) {
    List<String> selected = new ArrayList<>(indices.size());
    for (int i : indices) {
      selected.add(values.get(i));
    }
    return selected;
  }

  /** Runs every window of the texts that have a split, in input order, and folds each text's. */
  private void runInto(Result[] results, Windows.Split[] splits, boolean[] cut, LogitsNetwork network,
      UnaryOperator<float[]> perWindow, WindowAggregation aggregation) {
    List<TokenizedText> allWindows = new ArrayList<>();
    List<Integer> windowOwner = new ArrayList<>();
    for (int t = 0; t < splits.length; t++) {
      if (splits[t] != null) {
        for (TokenizedText window : splits[t].windows()) {
          allWindows.add(window);
          windowOwner.add(t);
        }
      }
    }
    float[][] outputs = runWindows(allWindows, network, perWindow);
    WindowFold fold = new WindowFold(splits.length, outputs[0].length, aggregation);
    for (int w = 0; w < allWindows.size(); w++) {
      fold.add(windowOwner.get(w), outputs[w]);
    }
    for (int t = 0; t < splits.length; t++) {
      if (splits[t] != null) {
        results[t] = new Result(fold.result(t), tokensRun(splits[t]), fold.windows(t), splits[t].truncated() || cut[t],
            null);
      }
    }
  }

  private float[][] runWindows(List<TokenizedText> sequences, LogitsNetwork network, UnaryOperator<float[]> perWindow) {
    int[] lengths = new int[sequences.size()];
    for (int i = 0; i < lengths.length; i++) {
      lengths[i] = sequences.get(i).length();
    }
    float[][] outputs = new float[sequences.size()][];
    for (int[] batchIndices : planner.plan(lengths)) {
      long[][] ids = new long[batchIndices.length][];
      long[][] types = new long[batchIndices.length][];
      for (int r = 0; r < batchIndices.length; r++) {
        ids[r] = sequences.get(batchIndices[r]).ids();
        types[r] = sequences.get(batchIndices[r]).typeIds();
      }
      TokenBatch batch = TokenBatch.pad(ids, types, padTokenId);
      float[][] batchOutputs = network.logits(batch);
      counters.record(batch);
      for (int r = 0; r < batchIndices.length; r++) {
        outputs[batchIndices[r]] = perWindow.apply(batchOutputs[r]);
      }
    }
    return outputs;
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
