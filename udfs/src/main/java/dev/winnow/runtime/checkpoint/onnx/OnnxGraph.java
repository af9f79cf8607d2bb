package dev.winnow.runtime.checkpoint.onnx;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parts of an ONNX model's main graph that hold weights: its nodes and its initializers.
 *
 * @param nodes operators in file order
 * @param initializers constant tensors by name, in file order
 */
public record OnnxGraph(List<OnnxNode> nodes, Map<String, OnnxTensor> initializers) {

  public OnnxGraph {
    nodes = List.copyOf(nodes);
    initializers = Collections.unmodifiableMap(new LinkedHashMap<>(initializers));
  }

  public Optional<OnnxTensor> initializer(String name) {
    return Optional.ofNullable(initializers.get(name));
  }
}
