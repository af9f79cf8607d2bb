package dev.winnow.runtime.nn;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import dev.winnow.runtime.inference.LogitsNetwork;
import dev.winnow.runtime.inference.TokenBatch;

/**
 * A traced sequence classifier, called as {@code forward(input_ids, attention_mask)} (how
 * {@code torch.jit.trace} of a Hugging Face classifier is usually exported) returning logits
 * first.
 */
public final class TorchScriptNetwork implements LogitsNetwork {

  private final ZooModel<NDList, NDList> model;
  private final int labels;

  public TorchScriptNetwork(ZooModel<NDList, NDList> model, int labels) {
    this.model = model;
    this.labels = labels;
  }

  @Override
  public float[][] logits(TokenBatch batch) {
    // Predictors are not thread-safe and are cheap: one per call keeps the network shareable.
    try (Predictor<NDList, NDList> predictor = model.newPredictor();
        NDManager scope = model.getNDManager().newSubManager()) {
      Shape shape = new Shape(batch.rows(), batch.length());
      NDList inputs = new NDList(scope.create(batch.ids(), shape), scope.create(batch.attentionMask(), shape));
      NDArray logits = predictor.predict(inputs).get(0);
      if (logits.getShape().dimension() != 2 || logits.getShape().get(1) != labels) {
        throw new IllegalStateException("TorchScript model returned shape " + logits.getShape()
            + ", expected [" + batch.rows() + ", " + labels + "] logits");
      }
      float[] flat = logits.toType(DataType.FLOAT32, false).toFloatArray();
      float[][] out = new float[batch.rows()][labels];
      for (int r = 0; r < batch.rows(); r++) {
        System.arraycopy(flat, r * labels, out[r], 0, labels);
      }
      return out;
    } catch (TranslateException e) {
      throw new IllegalStateException("TorchScript forward failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    model.close();
  }
}
