package dev.winnow.runtime.checkpoint;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.winnow.runtime.WinnowErrors;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads {@code .safetensors} files, checking the header against the file size first so that a
 * truncated or corrupt download fails with the file's name instead of half-loading.
 */
final class Safetensors {

  private static final long MAX_HEADER = 100L * 1024 * 1024;

  private Safetensors() {}

  static NDList read(Path file, NDManager manager) {
    verify(file);
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 20)) {
      return NDList.decode(manager, in);
    } catch (IOException | RuntimeException e) {
      throw WinnowErrors.badModel("cannot read weights " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Checks that the header parses and that the data section is exactly as long as it says; returns
   * each tensor's shape by name, as the header gives it.
   */
  static Map<String, long[]> verify(Path file) {
    if (!Files.isRegularFile(file)) {
      throw WinnowErrors.badModel("weights file not found: " + file);
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size < 8) {
        throw corrupt(file, "it is only " + size + " bytes");
      }
      ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      channel.read(lengthBytes, 0);
      long headerLength = lengthBytes.flip().getLong();
      if (headerLength <= 0 || headerLength > MAX_HEADER || 8 + headerLength > size) {
        throw corrupt(file, "its header length " + headerLength + " does not fit a file of " + size + " bytes");
      }
      ByteBuffer header = ByteBuffer.allocate((int) headerLength);
      channel.read(header, 8);
      JsonObject tensors = parseHeader(file, new String(header.array(), StandardCharsets.UTF_8));
      long expected = 8 + headerLength + dataEnd(file, tensors);
      if (size != expected) {
        throw corrupt(file, "it is " + size + " bytes but its header describes " + expected
            + (size < expected ? " (truncated download?)" : ""));
      }
      return shapes(file, tensors);
    } catch (IOException e) {
      throw WinnowErrors.badModel("cannot read weights " + file + ": " + e.getMessage(), e);
    }
  }

  private static JsonObject parseHeader(Path file, String headerJson) {
    try {
      return JsonParser.parseString(headerJson).getAsJsonObject();
    } catch (RuntimeException e) {
      throw corrupt(file, "its header is not valid JSON");
    }
  }

  private static Map<String, long[]> shapes(Path file, JsonObject header) {
    Map<String, long[]> shapes = new TreeMap<>();
    for (Map.Entry<String, JsonElement> entry : header.entrySet()) {
      if (entry.getKey().equals("__metadata__")) {
        continue;
      }
      JsonElement shape = entry.getValue().getAsJsonObject().get("shape");
      if (shape == null || !shape.isJsonArray()) {
        throw corrupt(file, "tensor '" + entry.getKey() + "' has no shape");
      }
      shapes.put(entry.getKey(), shape.getAsJsonArray().asList().stream().mapToLong(JsonElement::getAsLong).toArray());
    }
    return shapes;
  }

  private static long dataEnd(Path file, JsonObject header) {
    long end = 0;
    for (Map.Entry<String, JsonElement> entry : header.entrySet()) {
      if (entry.getKey().equals("__metadata__")) {
        continue;
      }
      JsonElement offsets = entry.getValue().getAsJsonObject().get("data_offsets");
      if (offsets == null || offsets.getAsJsonArray().size() != 2) {
        throw corrupt(file, "tensor '" + entry.getKey() + "' has no data_offsets");
      }
      end = Math.max(end, offsets.getAsJsonArray().get(1).getAsLong());
    }
    return end;
  }

  private static IllegalArgumentException corrupt(Path file, String why) {
    return WinnowErrors.corruptWeights(file, why);
  }
}
