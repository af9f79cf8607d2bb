package dev.winnow.runtime.testing;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.winnow.runtime.checkpoint.onnx.BundledEncoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The bundled encoders as ONNX Runtime runs them: the reference the Java encoder must match.
 *
 * <pre>{@code
 * try (OnnxReference ref = OnnxReference.open(BundledEncoder.E5_SMALL_V2)) {
 *   float[][][] hidden = ref.lastHiddenState(ids, mask, types); // [batch][seq][hidden]
 * }
 * }</pre>
 *
 * <p>Not thread-safe to close while running; one instance per test class is the intended use.
 */
public final class OnnxReference implements AutoCloseable {

  static final String INPUT_IDS = "input_ids";
  static final String ATTENTION_MASK = "attention_mask";
  static final String TOKEN_TYPE_IDS = "token_type_ids";
  private static final String LAST_HIDDEN_STATE = "last_hidden_state";
  /** The build machines have two cores; more threads only contend with the JVM. */
  private static final int INTRA_OP_THREADS = 2;

  private final BundledEncoder encoder;
  private final OrtEnvironment environment;
  private final OrtSession session;
  private final String outputName;

  private OnnxReference(BundledEncoder encoder, OrtEnvironment environment, OrtSession session)
      throws OrtException {
    this.encoder = encoder;
    this.environment = environment;
    this.session = session;
    this.outputName = hiddenStateOutput(session, encoder);
    for (String required : new String[] {INPUT_IDS, ATTENTION_MASK}) {
      if (!session.getInputNames().contains(required)) {
        throw new IllegalStateException(encoder.onnxResource() + " has no input '" + required
            + "'; its inputs are " + session.getInputNames());
      }
    }
  }

  public static OnnxReference open(BundledEncoder encoder) {
    byte[] model;
    try (InputStream in = encoder.openResource(encoder.onnxResource())) {
      model = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + encoder.source(), e);
    }
    OrtEnvironment environment = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(INTRA_OP_THREADS);
      options.setInterOpNumThreads(1);
      OrtSession session = environment.createSession(model, options);
      try {
        return new OnnxReference(encoder, environment, session);
      } catch (RuntimeException | OrtException e) {
        session.close();
        throw e;
      }
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime cannot load " + encoder.source(), e);
    }
  }

  public BundledEncoder encoder() {
    return encoder;
  }

  /** The model's declared inputs; {@code token_type_ids} is only fed when it is one of them. */
  public Set<String> inputNames() {
    return session.getInputNames();
  }

  /** Name of the output read as the last hidden state. */
  public String outputName() {
    return outputName;
  }

  /**
   * Runs the encoder on a padded batch.
   *
   * @param inputIds token ids, [batch][seq]
   * @param attentionMask 1 for real tokens, 0 for padding, [batch][seq]
   * @param tokenTypeIds segment ids (all 0 for one-segment input), [batch][seq]
   * @return the last hidden state, [batch][seq][hidden]
   */
  public float[][][] lastHiddenState(long[][] inputIds, long[][] attentionMask, long[][] tokenTypeIds) {
    requireSameShape(inputIds, attentionMask, ATTENTION_MASK);
    requireSameShape(inputIds, tokenTypeIds, TOKEN_TYPE_IDS);
    Map<String, OnnxTensor> inputs = new LinkedHashMap<>();
    try {
      inputs.put(INPUT_IDS, OnnxTensor.createTensor(environment, inputIds));
      inputs.put(ATTENTION_MASK, OnnxTensor.createTensor(environment, attentionMask));
      if (session.getInputNames().contains(TOKEN_TYPE_IDS)) {
        inputs.put(TOKEN_TYPE_IDS, OnnxTensor.createTensor(environment, tokenTypeIds));
      }
      try (OrtSession.Result result = session.run(inputs, Set.of(outputName))) {
        return (float[][][]) result.get(0).getValue();
      }
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime failed on " + encoder.onnxResource(), e);
    } finally {
      inputs.values().forEach(OnnxTensor::close);
    }
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException("cannot close ONNX Runtime session of " + encoder.onnxResource(), e);
    }
  }

  /** {@code last_hidden_state} when so named, else the only float output of rank 3. */
  private static String hiddenStateOutput(OrtSession session, BundledEncoder encoder) throws OrtException {
    Map<String, NodeInfo> outputs = session.getOutputInfo();
    if (outputs.containsKey(LAST_HIDDEN_STATE)) {
      return LAST_HIDDEN_STATE;
    }
    String found = null;
    for (Map.Entry<String, NodeInfo> output : outputs.entrySet()) {
      if (output.getValue().getInfo() instanceof TensorInfo info && info.getShape().length == 3) {
        if (found != null) {
          throw new IllegalStateException(encoder.onnxResource() + " has several rank-3 outputs: " + outputs.keySet());
        }
        found = output.getKey();
      }
    }
    if (found == null) {
      throw new IllegalStateException(encoder.onnxResource() + " has no rank-3 output: " + outputs);
    }
    return found;
  }

  private static void requireSameShape(long[][] reference, long[][] other, String name) {
    if (other == null || other.length != reference.length) {
      throw new IllegalArgumentException(name + " must have " + reference.length + " rows like input_ids");
    }
    for (int row = 0; row < reference.length; row++) {
      if (other[row].length != reference[row].length || reference[row].length != reference[0].length) {
        throw new IllegalArgumentException(
            name + " and input_ids must be rectangular and of the same shape; row " + row + " differs");
      }
    }
  }
}
