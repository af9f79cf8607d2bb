package dev.winnow.runtime.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.winnow.runtime.checkpoint.CheckpointParts;
import dev.winnow.runtime.inference.TokenBatch;
import dev.winnow.runtime.nn.ClassificationHead;
import dev.winnow.runtime.nn.EncoderFamily;
import dev.winnow.runtime.nn.EncoderSpec;
import dev.winnow.runtime.nn.Pooling;
import dev.winnow.runtime.nn.TransformerEncoder;
import dev.winnow.runtime.nn.Weights;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A classifier being fine-tuned: an encoder on {@link TrainingOps} (the scoring encoder's own
 * forward pass, with trainable weights) and a freshly initialised head.
 *
 * <ul>
 *   <li>{@link FineTuneMethod#LORA}: adapters on the targeted layers plus a linear head over the
 *       base's pooling (mean for sentence encoders), as a Winnow head folder stores it;
 *   <li>{@link FineTuneMethod#FULL}: every weight, with the family's Hugging Face head ([CLS],
 *       pooler + tanh for BERT), so the result is a standard {@code *ForSequenceClassification}.
 * </ul>
 */
public final class TrainableClassifier implements AutoCloseable {

  /** Heads are drawn N(0, 0.02), as Hugging Face initialises them. */
  private static final double HEAD_INIT_STD = 0.02;

  /** A source's own classifier head, dropped: it was trained for other labels. Its pooler is encoder. */
  private static final Set<String> HEAD_PREFIXES = Set.of("classifier.", "pre_classifier.");

  private final NDManager manager;
  private final FineTuneMethod method;
  private final List<String> labels;
  private final EncoderSpec spec;
  private final TrainingOps ops;
  private final TransformerEncoder encoder;
  private final ClassificationHead head;
  private final NDList tensors;
  private final List<TrainableParameter> parameters;

  private TrainableClassifier(NDManager manager, FineTuneMethod method, List<String> labels, EncoderSpec spec,
      TrainingOps ops, TransformerEncoder encoder, ClassificationHead head, NDList tensors,
      List<TrainableParameter> parameters) {
    this.manager = manager;
    this.method = method;
    this.labels = List.copyOf(labels);
    this.spec = spec;
    this.ops = ops;
    this.encoder = encoder;
    this.head = head;
    this.tensors = tensors;
    this.parameters = parameters;
  }

  /**
   * Builds the trainable model on {@code parts}, whose weights must live in {@code manager}; the
   * classifier owns and closes the manager.
   *
   * @param lora required for {@link FineTuneMethod#LORA}, ignored otherwise
   * @param seed draws the head and adapter initialisations
   */
  public static TrainableClassifier open(CheckpointParts parts, NDManager manager, FineTuneMethod method,
      LoraSpec lora, List<String> labels, TrainingPrecision precision, float hiddenDropout, long seed) {
    if (method == FineTuneMethod.LORA && lora == null) {
      throw new IllegalArgumentException("LoRA fine-tuning needs its rank, alpha and targets");
    }
    Random init = new Random(seed);
    EncoderSpec spec = parts.encoder();
    int hidden = spec.hiddenSize();
    Map<String, NDArray> byName = new LinkedHashMap<>();
    for (String name : parts.weights().names()) {
      NDArray tensor = parts.weights().require("", name);
      if (HEAD_PREFIXES.stream().anyMatch(name::startsWith)) {
        continue;
      }
      byName.put(name, tensor);
    }
    List<NDArray> headTensors = new ArrayList<>();
    EncoderFamily family = spec.family();
    DataType type = byName.values().iterator().next().getDataType();
    if (method == FineTuneMethod.FULL) {
      String first = switch (family) {
        case BERT -> "bert.pooler.dense";
        case ROBERTA -> "classifier.dense";
        case DISTILBERT -> "pre_classifier";
      };
      boolean keepPooler = family == EncoderFamily.BERT && has(byName, "pooler.dense.weight");
      if (!keepPooler) {
        headTensors.addAll(dense(manager, init, type, first, hidden, hidden));
      }
      headTensors.addAll(dense(manager, init, type, family == EncoderFamily.ROBERTA ? "classifier.out_proj" : "classifier",
          labels.size(), hidden));
    } else {
      byName.keySet().removeIf(TrainableClassifier::isPooler);
      headTensors.addAll(dense(manager, init, type, "classifier", labels.size(), hidden));
    }
    NDList all = new NDList(byName.values().toArray(new NDArray[0]));
    all.addAll(new NDList(headTensors.toArray(new NDArray[0])));
    List<TrainableParameter> parameters = new ArrayList<>();
    for (NDArray tensor : all) {
      boolean isHead = headTensors.contains(tensor) || isPooler(tensor.getName());
      if (tensor.getDataType().isFloating() && (method == FineTuneMethod.FULL || isHead)) {
        tensor.setRequiresGradient(true);
        parameters.add(new TrainableParameter(tensor.getName(), tensor, decays(tensor.getName()), isHead));
      }
    }
    Weights weights = Weights.of(all, parts.folder().toString());
    TrainingOps ops = new TrainingOps(manager, method, lora, precision, hiddenDropout, init);
    try {
      TransformerEncoder encoder = new TransformerEncoder(spec, weights, ops);
      ClassificationHead head = method == FineTuneMethod.LORA
          ? ClassificationHead.pooledLinear(parts.pooling(), weights)
          : switch (family) {
            case BERT -> ClassificationHead.bert(weights);
            case ROBERTA -> ClassificationHead.roberta(weights);
            case DISTILBERT -> ClassificationHead.distilBert(weights);
          };
      parameters.addAll(ops.parameters());
      return new TrainableClassifier(manager, method, labels, spec, ops, encoder, head, all, parameters);
    } catch (RuntimeException e) {
      ops.close();
      throw e;
    }
  }

  private static boolean isPooler(String name) {
    return name.startsWith("pooler.") || name.startsWith("bert.pooler.");
  }

  private static boolean has(Map<String, NDArray> byName, String bareName) {
    return byName.containsKey(bareName) || byName.containsKey("bert." + bareName);
  }

  private static boolean decays(String name) {
    return !(name.endsWith(".bias") || name.contains("LayerNorm") || name.contains("layer_norm"));
  }

  private static List<NDArray> dense(NDManager manager, Random init, DataType type, String name, int out, int in) {
    float[] values = new float[out * in];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) (init.nextGaussian() * HEAD_INIT_STD);
    }
    NDArray weight = manager.create(values, new Shape(out, in)).toType(type, false);
    weight.setName(name + ".weight");
    NDArray bias = manager.zeros(new Shape(out), type);
    bias.setName(name + ".bias");
    return List.of(weight, bias);
  }

  public FineTuneMethod method() {
    return method;
  }

  public List<String> labels() {
    return labels;
  }

  public EncoderSpec spec() {
    return spec;
  }

  /** What the optimizer updates: adapters and head (LoRA), or every weight (full). */
  public List<TrainableParameter> parameters() {
    return List.copyOf(parameters);
  }

  /** Dropout on (training) or off (validation, export checks). */
  public void setTraining(boolean training) {
    ops.setTraining(training);
  }

  /** Logits [rows, labels] of a batch, recorded for backward when gradients are on; lives in {@code scope}. */
  public NDArray logits(NDManager scope, TokenBatch batch) {
    Shape shape = new Shape(batch.rows(), batch.length());
    NDArray mask = scope.create(batch.attentionMask(), shape);
    NDArray hidden = encoder.forward(scope.create(batch.ids(), shape), scope.create(batch.typeIds(), shape), mask);
    return head.logits(hidden, mask);
  }

  /** A manager for one batch's intermediates. */
  public NDManager newBatchManager() {
    return manager.newSubManager();
  }

  /**
   * What a saved model needs: the head and adapters for LoRA (the base is referenced), every
   * encoder and head tensor for a full fine-tune.
   */
  public NDList exportTensors() {
    if (method == FineTuneMethod.FULL) {
      return tensors;
    }
    NDList out = new NDList();
    for (TrainableParameter p : parameters) {
      out.add(p.array());
    }
    return out;
  }

  /** The trainable weights' values, to return to the best epoch after later ones. */
  public Map<String, float[]> snapshot() {
    Map<String, float[]> values = new LinkedHashMap<>();
    for (TrainableParameter p : parameters) {
      values.put(p.name(), p.array().toType(DataType.FLOAT32, false).toFloatArray());
    }
    return values;
  }

  public void restore(Map<String, float[]> snapshot) {
    for (TrainableParameter p : parameters) {
      NDArray values = p.array().getManager().create(snapshot.get(p.name()), p.array().getShape());
      p.array().set(values.toType(p.array().getDataType(), false).toByteBuffer());
      values.close();
    }
  }

  /** Tensors held by the model's manager and its sub-managers: constant across training steps. */
  public long liveTensors() {
    return ((ai.djl.ndarray.BaseNDManager) manager).getManagedArrays().size();
  }

  @Override
  public void close() {
    try {
      encoder.close();
    } finally {
      manager.close();
    }
  }
}
