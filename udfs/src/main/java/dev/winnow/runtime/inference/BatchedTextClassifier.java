package dev.winnow.runtime.inference;

import dev.winnow.runtime.ModelInfo;
import dev.winnow.runtime.ScoreActivation;
import dev.winnow.runtime.TextClassifier;
import dev.winnow.runtime.TextScore;
import dev.winnow.runtime.WindowAggregation;
import java.util.List;

/**
 * A classifier of any format: the shared {@link WindowedRunner} with per-window activation
 * (sigmoid or softmax) before windows are folded, so "max" means the most unsafe window.
 */
public final class BatchedTextClassifier implements TextClassifier {

  private final ModelInfo info;
  private final WindowedRunner runner;
  private final LogitsNetwork network;
  private final WindowAggregation aggregation;

  public BatchedTextClassifier(
      ModelInfo info, WindowedRunner runner, LogitsNetwork network, WindowAggregation aggregation) {
    this.info = info;
    this.runner = runner;
    this.network = network;
    this.aggregation = aggregation;
  }

  @Override
  public ModelInfo info() {
    return info;
  }

  /** Token and batch counts since load, for benchmarks and metrics. */
  public InferenceCounters counters() {
    return runner.counters();
  }

  @Override
  public List<TextScore> classify(List<String> texts) {
    return scores(runner.run(texts, network, logits -> activate(logits, info.activation()), aggregation));
  }

  @Override
  public List<TextScore> classifyPairs(List<String> contexts, List<String> texts) {
    info.requireTextPairs();
    return scores(runner.run(contexts, texts, network, logits -> activate(logits, info.activation()), aggregation));
  }

  private static List<TextScore> scores(List<WindowedRunner.Result> results) {
    return results.stream()
        .map(r -> r.vector() == null
            ? TextScore.skipped(r.skipReason())
            : new TextScore(r.vector(), r.tokens(), r.windows(), r.truncated(), null))
        .toList();
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
    for (float logit : logits) {
      sum += Math.exp(logit - max);
    }
    for (int i = 0; i < logits.length; i++) {
      out[i] = (float) (Math.exp(logits[i] - max) / sum);
    }
    return out;
  }

  @Override
  public void close() {
    network.close();
    runner.close();
  }
}
