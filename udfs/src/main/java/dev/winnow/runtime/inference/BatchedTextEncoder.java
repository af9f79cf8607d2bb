package dev.winnow.runtime.inference;

import dev.winnow.runtime.EncoderInfo;
import dev.winnow.runtime.TextEncoder;
import dev.winnow.runtime.WindowAggregation;
import java.util.List;
import java.util.function.UnaryOperator;

/** A {@link TextEncoder} on the shared {@link WindowedRunner}; windows are averaged. */
public final class BatchedTextEncoder implements TextEncoder {

  private final EncoderInfo info;
  private final WindowedRunner runner;
  private final LogitsNetwork pooledNetwork;

  /** {@code pooledNetwork} returns pooled vectors [rows][dimension] in place of logits. */
  public BatchedTextEncoder(EncoderInfo info, WindowedRunner runner, LogitsNetwork pooledNetwork) {
    this.info = info;
    this.runner = runner;
    this.pooledNetwork = pooledNetwork;
  }

  @Override
  public EncoderInfo info() {
    return info;
  }

  @Override
  public List<float[]> embed(List<String> texts) {
    return runner.run(texts, pooledNetwork, UnaryOperator.identity(), WindowAggregation.MEAN).stream()
        .map(WindowedRunner.Result::vector)
        .toList();
  }

  @Override
  public void close() {
    pooledNetwork.close();
    runner.close();
  }
}
