package dev.winnow.runtime.checkpoint.onnx;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the nodes and initializers of an ONNX model without generated protobuf classes.
 *
 * <p>The file is read in one streaming pass: tensor payloads are copied once, straight from the
 * stream into their own arrays, so peak memory is about one model's weights, not two. Fields that
 * do not describe weights (attributes, value infos, metadata, functions) are skipped.
 */
public final class OnnxModelReader {

  // Field numbers from onnx/onnx.proto3.
  private static final int MODEL_GRAPH = 7;
  private static final int GRAPH_NODE = 1;
  private static final int GRAPH_INITIALIZER = 5;
  private static final int NODE_INPUT = 1;
  private static final int NODE_OUTPUT = 2;
  private static final int NODE_NAME = 3;
  private static final int NODE_OP_TYPE = 4;
  private static final int TENSOR_DIMS = 1;
  private static final int TENSOR_DATA_TYPE = 2;
  private static final int TENSOR_FLOAT_DATA = 4;
  private static final int TENSOR_NAME = 8;
  private static final int TENSOR_RAW_DATA = 9;
  private static final int TENSOR_DATA_LOCATION = 14;
  private static final int DATA_LOCATION_EXTERNAL = 1;

  private OnnxModelReader() {}

  public static OnnxGraph read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, file.toString());
    }
  }

  /**
   * Reads a whole ModelProto from {@code in} (not closed).
   *
   * @param sourceName names the stream in error messages, e.g. a file or resource name
   */
  public static OnnxGraph read(InputStream in, String sourceName) throws IOException {
    ProtoInput proto = new ProtoInput(new BufferedInputStream(in, 1 << 16), sourceName);
    List<OnnxNode> nodes = new ArrayList<>();
    Map<String, OnnxTensor> initializers = new LinkedHashMap<>();
    boolean sawGraph = false;
    for (int tag = proto.readTag(); tag != 0; tag = proto.readTag()) {
      if (ProtoInput.fieldNumber(tag) == MODEL_GRAPH && ProtoInput.wireType(tag) == ProtoInput.LENGTH_DELIMITED) {
        sawGraph = true;
        long outer = proto.pushLimit(proto.readLength());
        readGraph(proto, nodes, initializers);
        proto.popLimit(outer);
      } else {
        proto.skipField(tag);
      }
    }
    if (!sawGraph) {
      throw proto.malformed("no graph (ModelProto field 7); is " + sourceName + " an ONNX model?");
    }
    return new OnnxGraph(nodes, initializers);
  }

  private static void readGraph(ProtoInput proto, List<OnnxNode> nodes, Map<String, OnnxTensor> initializers)
      throws IOException {
    for (int tag = proto.readTag(); tag != 0; tag = proto.readTag()) {
      boolean message = ProtoInput.wireType(tag) == ProtoInput.LENGTH_DELIMITED;
      int field = ProtoInput.fieldNumber(tag);
      if (message && field == GRAPH_NODE) {
        long outer = proto.pushLimit(proto.readLength());
        nodes.add(readNode(proto));
        proto.popLimit(outer);
      } else if (message && field == GRAPH_INITIALIZER) {
        long outer = proto.pushLimit(proto.readLength());
        OnnxTensor tensor = readTensor(proto);
        proto.popLimit(outer);
        if (initializers.putIfAbsent(tensor.name(), tensor) != null) {
          throw proto.malformed("two initializers are named '" + tensor.name() + "'");
        }
      } else {
        proto.skipField(tag);
      }
    }
  }

  private static OnnxNode readNode(ProtoInput proto) throws IOException {
    List<String> inputs = new ArrayList<>();
    List<String> outputs = new ArrayList<>();
    String name = "";
    String opType = "";
    for (int tag = proto.readTag(); tag != 0; tag = proto.readTag()) {
      if (ProtoInput.wireType(tag) != ProtoInput.LENGTH_DELIMITED) {
        proto.skipField(tag);
        continue;
      }
      switch (ProtoInput.fieldNumber(tag)) {
        case NODE_INPUT -> inputs.add(proto.readString());
        case NODE_OUTPUT -> outputs.add(proto.readString());
        case NODE_NAME -> name = proto.readString();
        case NODE_OP_TYPE -> opType = proto.readString();
        default -> proto.skipField(tag);
      }
    }
    return new OnnxNode(name, opType, inputs, outputs);
  }

  private static OnnxTensor readTensor(ProtoInput proto) throws IOException {
    List<Long> dims = new ArrayList<>();
    String name = "";
    int dataType = 0;
    boolean external = false;
    byte[] rawData = null;
    // float_data, packed or not, has the same little-endian layout as raw_data once concatenated.
    ByteArrayOutputStream floatData = null;
    for (int tag = proto.readTag(); tag != 0; tag = proto.readTag()) {
      int wireType = ProtoInput.wireType(tag);
      switch (ProtoInput.fieldNumber(tag)) {
        case TENSOR_DIMS -> readInt64s(proto, wireType, dims);
        case TENSOR_DATA_TYPE -> dataType = (int) proto.readVarint();
        case TENSOR_NAME -> name = proto.readString();
        case TENSOR_RAW_DATA -> rawData = proto.readBytes(proto.readLength());
        case TENSOR_DATA_LOCATION -> external = proto.readVarint() == DATA_LOCATION_EXTERNAL;
        case TENSOR_FLOAT_DATA -> {
          floatData = floatData == null ? new ByteArrayOutputStream() : floatData;
          if (wireType == ProtoInput.LENGTH_DELIMITED) {
            floatData.write(proto.readBytes(proto.readLength()));
          } else {
            int bits = proto.readFixed32();
            floatData.write(new byte[] {(byte) bits, (byte) (bits >> 8), (byte) (bits >> 16), (byte) (bits >> 24)});
          }
        }
        default -> proto.skipField(tag);
      }
    }
    long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
    byte[] data = rawData != null ? rawData : floatData != null ? floatData.toByteArray() : null;
    return new OnnxTensor(name, shape, dataType, data, external);
  }

  private static void readInt64s(ProtoInput proto, int wireType, List<Long> into) throws IOException {
    if (wireType == ProtoInput.LENGTH_DELIMITED) {
      long outer = proto.pushLimit(proto.readLength());
      while (!proto.atLimit()) {
        into.add(proto.readVarint());
      }
      proto.popLimit(outer);
    } else {
      into.add(proto.readVarint());
    }
  }
}
