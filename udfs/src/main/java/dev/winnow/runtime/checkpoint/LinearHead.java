package dev.winnow.runtime.checkpoint;

import java.util.List;

/**
 * A linear multi-label head over pooled encoder states: {@code logits = weight x pooled + bias}.
 *
 * @param weight [labels][hidden]
 * @param bias [labels]
 */
public record LinearHead(List<String> labels, float[][] weight, float[] bias) {

  public LinearHead {
    labels = List.copyOf(labels);
    if (labels.isEmpty() || weight.length != labels.size() || bias.length != labels.size()) {
      throw new IllegalArgumentException("a head needs one weight row and one bias per label; got "
          + labels.size() + " labels, " + weight.length + " rows, " + bias.length + " biases");
    }
    for (float[] row : weight) {
      if (row.length != weight[0].length) {
        throw new IllegalArgumentException("head weight rows differ in length");
      }
    }
  }

  public int hiddenSize() {
    return weight[0].length;
  }
}
