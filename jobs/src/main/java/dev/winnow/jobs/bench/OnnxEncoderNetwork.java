package dev.winnow.jobs.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.winnow.runtime.checkpoint.onnx.BundledEncoder;
import dev.winnow.runtime.inference.LogitsNetwork;
import dev.winnow.runtime.inference.TokenBatch;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * A bundled encoder's ONNX under ONNX Runtime, as a {@link LogitsNetwork} whose outputs are
 * mean-pooled hidden states: the baseline for Winnow's own encoder on the same batches. The linear
 * heads Winnow adds on top cost a few thousand multiply-adds per row and are left out.
 */
final class OnnxEncoderNetwork implements LogitsNetwork {

  private final OrtEnvironment environment;
  private final OrtSession session;
  private final boolean takesTypeIds;

  private OnnxEncoderNetwork(OrtEnvironment environment, OrtSession session) {
    this.environment = environment;
    this.session = session;
    this.takesTypeIds = session.getInputNames().contains("token_type_ids");
  }

  static OnnxEncoderNetwork open(BundledEncoder encoder, int threads) {
    byte[] model;
    try (InputStream in = encoder.openResource(encoder.onnxResource())) {
      model = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + encoder.source(), e);
    }
    OrtEnvironment environment = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(threads);
      options.setInterOpNumThreads(1);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      return new OnnxEncoderNetwork(environment, environment.createSession(model, options));
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime cannot load " + encoder.source(), e);
    }
  }

  @Override
  public float[][] logits(TokenBatch batch) {
    long[] shape = {batch.rows(), batch.length()};
    Map<String, OnnxTensor> inputs = new HashMap<>();
    try {
      inputs.put("input_ids", OnnxTensor.createTensor(environment, LongBuffer.wrap(batch.ids()), shape));
      inputs.put("attention_mask", OnnxTensor.createTensor(environment, LongBuffer.wrap(batch.attentionMask()), shape));
      if (takesTypeIds) {
        inputs.put("token_type_ids", OnnxTensor.createTensor(environment, LongBuffer.wrap(batch.typeIds()), shape));
      }
      try (OrtSession.Result result = session.run(inputs)) {
        OnnxTensor hidden = (OnnxTensor) result.get(0);
        long[] dims = hidden.getInfo().getShape();
        return meanPool(hidden.getFloatBuffer(), batch, (int) dims[2]);
      }
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime failed on a " + batch.rows() + "x" + batch.length() + " batch", e);
    } finally {
      inputs.values().forEach(OnnxTensor::close);
    }
  }

  private static float[][] meanPool(FloatBuffer hidden, TokenBatch batch, int width) {
    float[][] pooled = new float[batch.rows()][width];
    for (int r = 0; r < batch.rows(); r++) {
      int real = 0;
      for (int t = 0; t < batch.length(); t++) {
        int cell = r * batch.length() + t;
        if (batch.attentionMask()[cell] == 0) {
          continue;
        }
        real++;
        for (int h = 0; h < width; h++) {
          pooled[r][h] += hidden.get(cell * width + h);
        }
      }
      for (int h = 0; h < width; h++) {
        pooled[r][h] /= Math.max(1, real);
      }
    }
    return pooled;
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException("cannot close the ONNX Runtime session", e);
    }
  }
}
