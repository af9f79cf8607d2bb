package dev.winnow.runtime.checkpoint.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Names an ONNX BERT export's initializers the way Hugging Face's {@code BertModel} does.
 *
 * <p>PyTorch's exporter keeps the parameter names of biases, LayerNorms and embeddings, but turns
 * each {@code nn.Linear} weight into a transposed ([in, out]) anonymous initializer such as
 * {@code onnx::MatMul_1525}. Those are named after the {@code MatMul} node that reads them
 * ({@code /encoder/layer.0/attention/self/query/MatMul} is
 * {@code encoder.layer.0.attention.self.query.weight}) and transposed back. Everything else
 * (int64 buffers such as {@code embeddings.position_ids}, shape constants) is left out.
 */
final class BertWeightMapping {

  private static final Pattern BERT_MODEL_PARAMETER =
      Pattern.compile("(embeddings|encoder\\.layer\\.\\d+)\\.[A-Za-z_.]+\\.(weight|bias)");
  private static final String MATMUL_SUFFIX = "/MatMul";

  private BertWeightMapping() {}

  /**
   * A {@code BertModel}'s sizes and weights.
   *
   * @param weights Hugging Face name to weight, in Hugging Face's order
   */
  record BertWeights(BertDimensions dimensions, Map<String, MappedWeight> weights) {}

  /** Maps the graph's weights and checks they are exactly a {@code BertModel} of the encoder's depth. */
  static BertWeights map(OnnxGraph graph, BundledEncoder encoder) {
    Map<String, MappedWeight> found = findBertWeights(graph, encoder.source());
    BertDimensions dimensions =
        BertDimensions.inferFrom(found, encoder.layers(), encoder.attentionHeads(), encoder.source());
    return new BertWeights(dimensions, inExpectedOrder(found, dimensions.expectedWeightShapes(), encoder.source()));
  }

  private static Map<String, MappedWeight> findBertWeights(OnnxGraph graph, String source) {
    Map<String, MappedWeight> found = new LinkedHashMap<>();
    Map<String, String> matmulOperands = new LinkedHashMap<>();
    for (OnnxNode node : graph.nodes()) {
      if (node.opType().equals("MatMul") && node.inputs().size() == 2) {
        graph.initializer(node.inputs().get(1))
            .filter(OnnxTensor::isFloat)
            .ifPresent(weight -> {
              matmulOperands.put(weight.name(), node.name());
              String name = linearWeightName(node.name());
              if (BERT_MODEL_PARAMETER.matcher(name).matches()) {
                add(found, new MappedWeight(name, weight, true), source);
              }
            });
      }
    }
    for (OnnxTensor tensor : graph.initializers().values()) {
      if (tensor.isFloat()
          && !matmulOperands.containsKey(tensor.name())
          && BERT_MODEL_PARAMETER.matcher(tensor.name()).matches()) {
        add(found, new MappedWeight(tensor.name(), tensor, false), source);
      }
    }
    return found;
  }

  /** {@code /encoder/layer.3/output/dense/MatMul} becomes {@code encoder.layer.3.output.dense.weight}. */
  static String linearWeightName(String matmulNodeName) {
    String module = matmulNodeName.startsWith("/") ? matmulNodeName.substring(1) : matmulNodeName;
    if (module.endsWith(MATMUL_SUFFIX)) {
      module = module.substring(0, module.length() - MATMUL_SUFFIX.length());
    }
    return module.replace('/', '.') + ".weight";
  }

  private static void add(Map<String, MappedWeight> found, MappedWeight weight, String source) {
    MappedWeight clash = found.putIfAbsent(weight.name(), weight);
    if (clash != null) {
      throw new IllegalStateException("ONNX initializers '" + clash.source().name() + "' and '"
          + weight.source().name() + "' in " + source + " both map to '" + weight.name() + "'");
    }
  }

  private static Map<String, MappedWeight> inExpectedOrder(
      Map<String, MappedWeight> found, Map<String, long[]> expected, String source) {
    List<String> problems = new ArrayList<>();
    Map<String, MappedWeight> ordered = new LinkedHashMap<>();
    expected.forEach((name, shape) -> {
      MappedWeight weight = found.get(name);
      if (weight == null) {
        problems.add("missing " + name);
      } else if (!Arrays.equals(weight.shape(), shape)) {
        problems.add(name + " has shape " + Arrays.toString(weight.shape()) + ", expected " + Arrays.toString(shape));
      } else {
        ordered.put(name, weight);
      }
    });
    found.keySet().stream()
        .filter(name -> !expected.containsKey(name))
        .forEach(name -> problems.add("unexpected " + name + " (more layers than the encoder declares?)"));
    if (!problems.isEmpty()) {
      throw new IllegalStateException("ONNX model " + source + " is not the expected BertModel: "
          + String.join("; ", problems.subList(0, Math.min(10, problems.size())))
          + (problems.size() > 10 ? "; and " + (problems.size() - 10) + " more" : ""));
    }
    return ordered;
  }
}
