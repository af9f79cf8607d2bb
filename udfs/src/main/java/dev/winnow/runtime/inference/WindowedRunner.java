package dev.winnow.runtime.inference;

import dev.winnow.runtime.InferenceOptions;
import dev.winnow.runtime.TextScore;
import dev.winnow.runtime.WindowAggregation;
import dev.winnow.runtime.text.CharBudget;
import dev.winnow.runtime.text.TextTokenizer;
import dev.winnow.runtime.text.TokenizedText;
import dev.winnow.runtime.text.Windows;
import java.util.ArrayList;
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
        new Windows(windowTokens(options, modelName, modelMaxTokens), options.longText(), options.stride(),
            options.maxWindows()),
        new TokenBudgetPlanner(options.batchTokens()), padTokenId);
  }

  /** Checks the window length before anything expensive loads; see {@link #of}. */
  public static int windowTokens(InferenceOptions options, String modelName, int modelMaxTokens) {
    if (options.maxTokens() == 0) {
      return modelMaxTokens;
    }
    if (options.maxTokens() > modelMaxTokens) {
      throw new IllegalArgumentException("max_tokens " + options.maxTokens() + " exceeds what model "
          + modelName + " accepts (" + modelMaxTokens + ")");
    }
    return options.maxTokens();
  }

  public InferenceCounters counters() {
    return counters;
  }

  public List<Result> run(
      List<String> texts, LogitsNetwork network, UnaryOperator<float[]> perWindow, WindowAggregation aggregation) {
    Result[] results = new Result[texts.size()];
    List<Integer> owners = new ArrayList<>();
    List<String> scorable = new ArrayList<>();
    List<Boolean> cut = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      String text = texts.get(i);
      if (text == null) {
        results[i] = new Result(null, 0, 0, false, TextScore.NULL_TEXT);
      } else if (text.isBlank()) {
        results[i] = new Result(null, 0, 0, false, TextScore.EMPTY_TEXT);
      } else {
        owners.add(i);
        String head = charBudget.cut(text);
        scorable.add(head);
        cut.add(head.length() < text.length());
      }
    }
    if (!scorable.isEmpty()) {
      runInto(results, owners, cut, tokenizer.encodeAll(scorable), network, perWindow, aggregation);
    }
    return List.of(results);
  }

  private void runInto(Result[] results, List<Integer> owners, List<Boolean> cut, List<TokenizedText> encoded,
      LogitsNetwork network, UnaryOperator<float[]> perWindow, WindowAggregation aggregation) {
    List<TokenizedText> allWindows = new ArrayList<>();
    List<Integer> windowOwner = new ArrayList<>();
    boolean[] truncated = new boolean[encoded.size()];
    for (int t = 0; t < encoded.size(); t++) {
      Windows.Split split = windows.split(encoded.get(t));
      truncated[t] = split.truncated() || cut.get(t);
      for (TokenizedText window : split.windows()) {
        allWindows.add(window);
        windowOwner.add(t);
      }
    }
    float[][] outputs = runWindows(allWindows, network, perWindow);
    WindowFold fold = new WindowFold(encoded.size(), outputs[0].length, aggregation);
    for (int w = 0; w < allWindows.size(); w++) {
      fold.add(windowOwner.get(w), outputs[w]);
    }
    for (int t = 0; t < encoded.size(); t++) {
      results[owners.get(t)] = new Result(fold.result(t), encoded.get(t).length(), fold.windows(t), truncated[t], null);
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
