package dev.winnow.runtime.checkpoint.onnx;

import java.util.List;
import java.util.Objects;

/**
 * One operator of an ONNX graph: only what is needed to tell which weight a node consumes.
 *
 * @param name the exporter's node name, e.g. {@code /encoder/layer.0/attention/self/query/MatMul}
 * @param opType the ONNX operator, e.g. {@code MatMul}
 * @param inputs names of the values (or initializers) it reads, in order
 * @param outputs names of the values it produces
 */
public record OnnxNode(String name, String opType, List<String> inputs, List<String> outputs) {

  public OnnxNode {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(opType, "opType");
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
  }
}
