package dev.winnow.runtime.inference;

import dev.winnow.runtime.ModelInfo;
import dev.winnow.runtime.ScoreActivation;
import dev.winnow.runtime.TextClassifier;
import dev.winnow.runtime.TextScore;
import dev.winnow.runtime.WindowAggregation;
import dev.winnow.runtime.text.TextTokenizer;
import dev.winnow.runtime.text.TokenizedText;
import dev.winnow.runtime.text.Windows;
import java.util.ArrayList;
import java.util.List;

/**
 * The classifier every format shares: tokenize once, cut into windows, batch by token budget,
 * run the network, turn logits into scores, fold windows back into one score per text, in the
 * caller's order.
 */
public final class BatchedTextClassifier implements TextClassifier {

  private final ModelInfo info;
  private final TextTokenizer tokenizer;
  private final LogitsNetwork network;
  private final Windows windows;
  private final TokenBudgetPlanner planner;
  private final WindowAggregation aggregation;
  private final long padTokenId;
  private final InferenceCounters counters = new InferenceCounters();

  public BatchedTextClassifier(
      ModelInfo info,
      TextTokenizer tokenizer,
      LogitsNetwork network,
      Windows windows,
      TokenBudgetPlanner planner,
      WindowAggregation aggregation,
      long padTokenId) {
    this.info = info;
    this.tokenizer = tokenizer;
    this.network = network;
    this.windows = windows;
    this.planner = planner;
    this.aggregation = aggregation;
    this.padTokenId = padTokenId;
  }

  @Override
  public ModelInfo info() {
    return info;
  }

  /** Token and batch counts since load, for benchmarks and metrics. */
  public InferenceCounters counters() {
    return counters;
  }

  @Override
  public List<TextScore> classify(List<String> texts) {
    TextScore[] results = new TextScore[texts.size()];
    List<Integer> owners = new ArrayList<>();
    List<String> scorable = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      String text = texts.get(i);
      if (text == null) {
        results[i] = TextScore.skipped(TextScore.NULL_TEXT);
      } else if (text.isBlank()) {
        results[i] = TextScore.skipped(TextScore.EMPTY_TEXT);
      } else {
        owners.add(i);
        scorable.add(text);
      }
    }
    if (!scorable.isEmpty()) {
      scoreInto(results, owners, tokenizer.encodeAll(scorable));
    }
    return List.of(results);
  }

  private void scoreInto(TextScore[] results, List<Integer> owners, List<TokenizedText> encoded) {
    List<TokenizedText> allWindows = new ArrayList<>();
    List<Integer> windowOwner = new ArrayList<>();
    boolean[] truncated = new boolean[encoded.size()];
    for (int t = 0; t < encoded.size(); t++) {
      Windows.Split split = windows.split(encoded.get(t));
      truncated[t] = split.truncated();
      for (TokenizedText window : split.windows()) {
        allWindows.add(window);
        windowOwner.add(t);
      }
    }
    float[][] windowScores = scoreWindows(allWindows);
    WindowFold fold = new WindowFold(encoded.size(), info.labels().size(), aggregation);
    for (int w = 0; w < allWindows.size(); w++) {
      fold.add(windowOwner.get(w), windowScores[w]);
    }
    for (int t = 0; t < encoded.size(); t++) {
      results[owners.get(t)] =
          new TextScore(fold.result(t), encoded.get(t).length(), fold.windows(t), truncated[t], null);
    }
  }

  private float[][] scoreWindows(List<TokenizedText> sequences) {
    int[] lengths = new int[sequences.size()];
    for (int i = 0; i < lengths.length; i++) {
      lengths[i] = sequences.get(i).length();
    }
    float[][] scores = new float[sequences.size()][];
    for (int[] batchIndices : planner.plan(lengths)) {
      long[][] ids = new long[batchIndices.length][];
      long[][] types = new long[batchIndices.length][];
      for (int r = 0; r < batchIndices.length; r++) {
        ids[r] = sequences.get(batchIndices[r]).ids();
        types[r] = sequences.get(batchIndices[r]).typeIds();
      }
      TokenBatch batch = TokenBatch.pad(ids, types, padTokenId);
      float[][] logits = network.logits(batch);
      counters.record(batch);
      for (int r = 0; r < batchIndices.length; r++) {
        scores[batchIndices[r]] = activate(logits[r], info.activation());
      }
    }
    return scores;
  }

  static float[] activate(float[] logits, ScoreActivation activation) {
    float[] out = new float[logits.length];
    if (activation == ScoreActivation.SIGMOID) {
      for (int i = 0; i < logits.length; i++) {
        out[i] = (float) (1.0 / (1.0 + Math.exp(-logits[i])));
      }
      return out;
    }
    double max = Double.NEGATIVE_INFINITY;
    for (float logit : logits) {
      max = Math.max(max, logit);
    }
    double sum = 0;
    for (int i = 0; i < logits.length; i++) {
      sum += Math.exp(logits[i] - max);
    }
    for (int i = 0; i < logits.length; i++) {
      out[i] = (float) (Math.exp(logits[i] - max) / sum);
    }
    return out;
  }

  @Override
  public void close() {
    network.close();
    tokenizer.close();
  }
}
