package dev.winnow.runtime.checkpoint.onnx;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.winnow.runtime.checkpoint.onnx.proto.OnnxWeights.GraphProto;
import dev.winnow.runtime.checkpoint.onnx.proto.OnnxWeights.ModelProto;
import dev.winnow.runtime.checkpoint.onnx.proto.OnnxWeights.NodeProto;
import dev.winnow.runtime.checkpoint.onnx.proto.OnnxWeights.TensorProto;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the nodes and initializers of an ONNX model through protobuf classes generated from {@code
 * src/main/proto/onnx_weights.proto} (the weight-bearing part of ONNX's schema).
 *
 * <p>Tensor payloads are read once and the tensors are views of them, so peak memory is about one
 * model's weights, not two. Fields outside that schema (attributes, value infos, metadata) are
 * kept by protobuf as unread bytes while the file is read; exporters keep weights in
 * initializers, so they are small.
 */
public final class OnnxModelReader {

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
    ModelProto model;
    try {
      model = ModelProto.parseFrom(CodedInputStream.newInstance(new BufferedInputStream(in, 1 << 16)));
    } catch (InvalidProtocolBufferException e) {
      throw new IOException(sourceName + " is not a readable ONNX model: " + e.getMessage(), e);
    }
    if (!model.hasGraph()) {
      throw new IOException("no graph (ModelProto field 7); is " + sourceName + " an ONNX model?");
    }
    GraphProto graph = model.getGraph();
    List<OnnxNode> nodes = new ArrayList<>(graph.getNodeCount());
    for (NodeProto node : graph.getNodeList()) {
      nodes.add(new OnnxNode(node.getName(), node.getOpType(), node.getInputList(), node.getOutputList()));
    }
    Map<String, OnnxTensor> initializers = new LinkedHashMap<>();
    for (TensorProto tensor : graph.getInitializerList()) {
      if (initializers.putIfAbsent(tensor.getName(), tensor(tensor)) != null) {
        throw new IOException(sourceName + ": two initializers are named '" + tensor.getName() + "'");
      }
    }
    return new OnnxGraph(nodes, initializers);
  }

  private static OnnxTensor tensor(TensorProto t) {
    long[] shape = t.getDimsList().stream().mapToLong(Long::longValue).toArray();
    boolean external = t.getDataLocation() == TensorProto.DataLocation.EXTERNAL;
    ByteBuffer data = null;
    if (!t.getRawData().isEmpty()) {
      data = t.getRawData().asReadOnlyByteBuffer();
    } else if (t.getFloatDataCount() > 0) {
      // float_data has the layout of raw_data once written out little-endian.
      data = ByteBuffer.allocate(t.getFloatDataCount() * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < t.getFloatDataCount(); i++) {
        data.putFloat(t.getFloatData(i));
      }
      data.flip();
    }
    return new OnnxTensor(t.getName(), shape, t.getDataType(), data, external);
  }
}
