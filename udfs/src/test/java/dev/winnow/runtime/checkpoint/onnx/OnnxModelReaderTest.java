package dev.winnow.runtime.checkpoint.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reader on hand-built models covering each encoding ONNX writers use, written byte by byte
 * here so they check the generated classes against the wire format, not against themselves.
 */
class OnnxModelReaderTest {

  private static final float[] VALUES = {1.5f, -2f, 0f, Float.MIN_VALUE, 3.25e7f, -0f};

  @Test
  void readsRawDataWithPackedDims() throws IOException {
    OnnxTensor tensor = onlyInitializer(tensor("w", packed(2, 3), FLOAT, field(9, littleEndian(VALUES))));
    assertEquals("w", tensor.name());
    assertArrayEquals(new long[] {2, 3}, tensor.shape());
    assertArrayEquals(VALUES, tensor.toFloatArray());
  }

  @Test
  void readsPackedFloatDataWithUnpackedDims() throws IOException {
    byte[] dims = concat(varintField(1, 3), varintField(1, 2));
    OnnxTensor tensor = onlyInitializer(tensor("w", dims, FLOAT, field(4, littleEndian(VALUES))));
    assertArrayEquals(new long[] {3, 2}, tensor.shape());
    assertArrayEquals(VALUES, tensor.toFloatArray());
  }

  @Test
  void readsUnpackedFloatData() throws IOException {
    ByteArrayOutputStream floats = new ByteArrayOutputStream();
    for (float value : VALUES) {
      floats.write(tag(4, 5));
      floats.write(littleEndian(value));
    }
    OnnxTensor tensor = onlyInitializer(tensor("w", packed(6), FLOAT, floats.toByteArray()));
    assertArrayEquals(VALUES, tensor.toFloatArray());
  }

  @Test
  void scalarsHaveNoDims() throws IOException {
    OnnxTensor tensor = onlyInitializer(tensor("s", new byte[0], FLOAT, field(9, littleEndian(7f))));
    assertEquals(0, tensor.shape().length);
    assertArrayEquals(new float[] {7f}, tensor.toFloatArray());
  }

  @Test
  void keepsNonFloatTensorsButRefusesToDecodeThem() throws IOException {
    byte[] int64Data = concat(varintField(7, 0), varintField(7, 1));
    OnnxTensor tensor = onlyInitializer(tensor("embeddings.position_ids", packed(1, 2), 7, int64Data));
    assertFalse(tensor.isFloat());
    UnsupportedOperationException error = assertThrows(UnsupportedOperationException.class, tensor::floats);
    assertTrue(error.getMessage().contains("'embeddings.position_ids'"), error.getMessage());
    assertTrue(error.getMessage().contains("INT64 (7)"), error.getMessage());
  }

  @Test
  void refusesExternalData() throws IOException {
    byte[] external = concat(field(13, concat(field(1, utf8("location")), field(2, utf8("w.bin")))), varintField(14, 1));
    OnnxTensor tensor = onlyInitializer(tensor("w", packed(2), FLOAT, external));
    UnsupportedOperationException error = assertThrows(UnsupportedOperationException.class, tensor::floats);
    assertTrue(error.getMessage().contains("external"), error.getMessage());
  }

  @Test
  void refusesDataThatDoesNotFillTheShape() throws IOException {
    OnnxTensor tensor = onlyInitializer(tensor("w", packed(4, 4), FLOAT, field(9, littleEndian(VALUES))));
    IllegalStateException error = assertThrows(IllegalStateException.class, tensor::floats);
    assertTrue(error.getMessage().contains("24 bytes"), error.getMessage());
  }

  @Test
  void readsNodesAndSkipsWhatItDoesNotNeed() throws IOException {
    byte[] attribute = concat(field(1, utf8("perm")), varintField(20, 7));
    byte[] node = concat(
        field(1, utf8("x")), field(1, utf8("onnx::MatMul_1")), field(2, utf8("y")),
        field(3, utf8("/encoder/layer.0/output/dense/MatMul")), field(4, utf8("MatMul")),
        field(5, attribute), field(7, utf8("doc")));
    byte[] graph = concat(
        field(1, node), field(2, utf8("main_graph")),
        field(5, tensor("onnx::MatMul_1", packed(1), FLOAT, field(9, littleEndian(1f)))),
        field(11, utf8("ignored value info")));
    byte[] model = concat(
        varintField(1, 8), field(2, utf8("pytorch")), field(8, concat(varintField(2, 14))),
        field(7, graph), fixed64Field(99));

    OnnxGraph read = OnnxModelReader.read(new ByteArrayInputStream(model), "test.onnx");

    assertEquals(
        List.of(new OnnxNode("/encoder/layer.0/output/dense/MatMul", "MatMul", List.of("x", "onnx::MatMul_1"), List.of("y"))),
        read.nodes());
    assertEquals(List.of("onnx::MatMul_1"), List.copyOf(read.initializers().keySet()));
  }

  @Test
  void readsFiles(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("m.onnx");
    Files.write(file, model(tensor("w", packed(6), FLOAT, field(9, littleEndian(VALUES)))));
    assertArrayEquals(VALUES, OnnxModelReader.read(file).initializers().get("w").toFloatArray());
  }

  @Test
  void aTruncatedFileNamesItself() {
    byte[] model = model(tensor("w", packed(6), FLOAT, field(9, littleEndian(VALUES))));
    byte[] truncated = Arrays.copyOf(model, model.length - 5);
    IOException error = assertThrows(
        IOException.class, () -> OnnxModelReader.read(new ByteArrayInputStream(truncated), "cut.onnx"));
    assertTrue(error.getMessage().contains("cut.onnx"), error.getMessage());
  }

  @Test
  void aFileWithoutGraphIsNotAModel() {
    byte[] notOnnx = concat(varintField(1, 8), field(2, utf8("pytorch")));
    IOException error = assertThrows(
        IOException.class, () -> OnnxModelReader.read(new ByteArrayInputStream(notOnnx), "x.bin"));
    assertTrue(error.getMessage().contains("no graph"), error.getMessage());
  }

  @Test
  void aLengthPastItsMessageIsMalformed() {
    byte[] graph = concat(tag(5, 2), varint(1000), new byte[] {1, 2});
    byte[] model = field(7, graph);
    IOException error = assertThrows(
        IOException.class, () -> OnnxModelReader.read(new ByteArrayInputStream(model), "bad.onnx"));
    assertTrue(error.getMessage().contains("bad.onnx"), error.getMessage());
  }

  // --- a protobuf writer just big enough for these models ---

  private static final int FLOAT = 1;

  private static OnnxTensor onlyInitializer(byte[] tensor) throws IOException {
    OnnxGraph graph = OnnxModelReader.read(new ByteArrayInputStream(model(tensor)), "test.onnx");
    assertEquals(1, graph.initializers().size());
    return graph.initializers().values().iterator().next();
  }

  private static byte[] model(byte[] tensor) {
    return concat(varintField(1, 8), field(7, field(5, tensor)));
  }

  private static byte[] tensor(String name, byte[] dims, int dataType, byte[] payload) {
    return concat(dims, varintField(2, dataType), field(8, utf8(name)), payload);
  }

  private static byte[] packed(long... dims) {
    ByteArrayOutputStream values = new ByteArrayOutputStream();
    for (long dim : dims) {
      values.writeBytes(varint(dim));
    }
    return field(1, values.toByteArray());
  }

  private static byte[] field(int number, byte[] payload) {
    return concat(tag(number, 2), varint(payload.length), payload);
  }

  private static byte[] varintField(int number, long value) {
    return concat(tag(number, 0), varint(value));
  }

  private static byte[] fixed64Field(int number) {
    return concat(tag(number, 1), new byte[8]);
  }

  private static byte[] tag(int number, int wireType) {
    return varint((long) number << 3 | wireType);
  }

  private static byte[] varint(long value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long rest = value;
    while ((rest & ~0x7FL) != 0) {
      out.write((int) (rest & 0x7F) | 0x80);
      rest >>>= 7;
    }
    out.write((int) rest);
    return out.toByteArray();
  }

  private static byte[] littleEndian(float... values) {
    ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float value : values) {
      buffer.putFloat(value);
    }
    return buffer.array();
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
