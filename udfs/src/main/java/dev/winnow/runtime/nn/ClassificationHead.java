package dev.winnow.runtime.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import java.util.List;

/**
 * Pooling followed by dense layers: every Hugging Face sequence-classification head is one of
 * these, differing only in parameter names and the activation between layers.
 */
public final class ClassificationHead {

  /** One dense layer and the activation after it. */
  public record Dense(NDArray weight, NDArray bias, Nonlinearity after) {}

  public enum Nonlinearity { NONE, TANH, RELU }

  private final Pooling pooling;
  private final List<Dense> layers;

  public ClassificationHead(Pooling pooling, List<Dense> layers) {
    if (layers.isEmpty()) {
      throw new IllegalArgumentException("a classification head needs at least one dense layer");
    }
    this.pooling = pooling;
    this.layers = List.copyOf(layers);
  }

  /** BERT / MiniLM: tanh pooler on [CLS], then the classifier. */
  public static ClassificationHead bert(Weights w) {
    return new ClassificationHead(Pooling.CLS, List.of(
        dense(w, "bert.pooler.dense", Nonlinearity.TANH), dense(w, "classifier", Nonlinearity.NONE)));
  }

  /** RoBERTa: dense + tanh on &lt;s&gt;, then out_proj. */
  public static ClassificationHead roberta(Weights w) {
    return new ClassificationHead(Pooling.CLS, List.of(
        dense(w, "classifier.dense", Nonlinearity.TANH), dense(w, "classifier.out_proj", Nonlinearity.NONE)));
  }

  /** DistilBERT: pre_classifier + ReLU on [CLS], then the classifier. */
  public static ClassificationHead distilBert(Weights w) {
    return new ClassificationHead(Pooling.CLS, List.of(
        dense(w, "pre_classifier", Nonlinearity.RELU), dense(w, "classifier", Nonlinearity.NONE)));
  }

  /** A bare encoder with a linear classifier over pooled states (Winnow's trained heads). */
  public static ClassificationHead pooledLinear(Pooling pooling, Weights w) {
    return new ClassificationHead(pooling, List.of(dense(w, "classifier", Nonlinearity.NONE)));
  }

  private static Dense dense(Weights w, String name, Nonlinearity after) {
    // The pooler sits under the architecture prefix in *ForSequenceClassification checkpoints and
    // at the root in bare BertModel ones.
    String bare = name.startsWith("bert.") ? name.substring("bert.".length()) : name;
    return new Dense(w.require("bert.", bare + ".weight"), w.require("bert.", bare + ".bias"), after);
  }

  public int labels() {
    return (int) layers.get(layers.size() - 1).weight().getShape().get(0);
  }

  /** Logits [batch, labels] from the encoder's last hidden state [batch, length, hidden]. */
  public NDArray logits(NDArray hidden, NDArray attentionMask) {
    NDArray x = pooling.pool(hidden, attentionMask);
    for (Dense layer : layers) {
      x = TransformerEncoder.linear(x, layer.weight(), layer.bias());
      x = switch (layer.after()) {
        case NONE -> x;
        case TANH -> x.tanh();
        case RELU -> Activation.relu(x);
      };
    }
    return x;
  }
}
