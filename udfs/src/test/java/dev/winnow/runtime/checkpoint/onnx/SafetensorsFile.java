package dev.winnow.runtime.checkpoint.onnx;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/** Reads a safetensors file straight from the spec, so tests do not trust the writer's library. */
final class SafetensorsFile {

  private final JsonObject header;
  private final ByteBuffer data;

  private SafetensorsFile(JsonObject header, ByteBuffer data) {
    this.header = header;
    this.data = data;
  }

  static SafetensorsFile read(Path file) throws IOException {
    ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    int headerLength = Math.toIntExact(bytes.getLong(0));
    String json = new String(bytes.array(), 8, headerLength, StandardCharsets.UTF_8);
    ByteBuffer data = bytes.position(8 + headerLength).slice().order(ByteOrder.LITTLE_ENDIAN);
    return new SafetensorsFile(JsonParser.parseString(json).getAsJsonObject(), data);
  }

  Set<String> names() {
    Set<String> names = new LinkedHashSet<>(header.keySet());
    names.remove("__metadata__");
    return names;
  }

  String dtype(String name) {
    return entry(name).get("dtype").getAsString();
  }

  long[] shape(String name) {
    JsonArray dims = entry(name).getAsJsonArray("shape");
    long[] shape = new long[dims.size()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = dims.get(i).getAsLong();
    }
    return shape;
  }

  /** [begin, end) byte offsets into the data section. */
  long[] dataOffsets(String name) {
    JsonArray offsets = entry(name).getAsJsonArray("data_offsets");
    return new long[] {offsets.get(0).getAsLong(), offsets.get(1).getAsLong()};
  }

  long dataLength() {
    return data.capacity();
  }

  float[] floats(String name) {
    long[] offsets = dataOffsets(name);
    float[] values = new float[Math.toIntExact((offsets[1] - offsets[0]) / Float.BYTES)];
    data.slice(Math.toIntExact(offsets[0]), values.length * Float.BYTES)
        .order(ByteOrder.LITTLE_ENDIAN)
        .asFloatBuffer()
        .get(values);
    return values;
  }

  private JsonObject entry(String name) {
    JsonObject entry = header.getAsJsonObject(name);
    if (entry == null) {
      throw new AssertionError("no tensor '" + name + "' in safetensors header " + names());
    }
    return entry;
  }
}
