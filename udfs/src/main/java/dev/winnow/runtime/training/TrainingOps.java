package dev.winnow.runtime.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import dev.winnow.runtime.checkpoint.LoraAdapters;
import dev.winnow.runtime.nn.EncoderKernels;
import dev.winnow.runtime.nn.EncoderOps;
import dev.winnow.runtime.nn.LayerRole;
import dev.winnow.runtime.nn.TorchScriptArchive;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The encoder's operations for training: every weight stays a leaf of the autograd graph (the
 * scoring kernels fuse and convert them), adapters join the layers LoRA targets, and hidden units
 * drop out while training.
 *
 * <p>Attention and bf16 GEMMs run in small TorchScript modules compiled from source, like the
 * scoring kernels, but called through their {@code forward} in training mode: DJL records
 * gradients through a module's forward, never through its other methods.
 */
final class TrainingOps implements EncoderOps {

  private static final String ATTENTION = """
      class WinnowTrainingAttention(Module):
        __parameters__ = []
        __buffers__ = []
        training : bool
        def forward(self: __torch__.WinnowTrainingAttention,
            query: Tensor, key: Tensor, value: Tensor, mask_bias: Tensor) -> Tensor:
          return torch.scaled_dot_product_attention(query, key, value, mask_bias, 0., False)
      """;

  // Scalar type 15 is bfloat16: the product runs in bf16, gradients reach the fp32 master weights.
  private static final String LINEAR_BF16 = """
      class WinnowTrainingLinearBf16(Module):
        __parameters__ = []
        __buffers__ = []
        training : bool
        def forward(self: __torch__.WinnowTrainingLinearBf16, x: Tensor, weight: Tensor, bias: Tensor) -> Tensor:
          y = torch.linear(torch.to(x, 15), torch.to(weight, 15), torch.to(bias, 15))
          return torch.to(y, x.dtype)
      """;

  private final NDManager manager;
  private final FineTuneMethod method;
  private final LoraSpec lora;
  private final float hiddenDropout;
  private final Random init;
  private final PtSymbolBlock attention;
  private final PtSymbolBlock linearBf16;
  private final ParameterStore store;
  private final List<TrainableParameter> parameters = new ArrayList<>();
  private boolean training = true;
  private NDArray lastAdapterInput;
  private NDArray lastAdapterDropped;

  TrainingOps(NDManager manager, FineTuneMethod method, LoraSpec lora, TrainingPrecision precision,
      float hiddenDropout, Random init) {
    this.manager = manager;
    this.method = method;
    this.lora = lora;
    this.hiddenDropout = hiddenDropout;
    this.init = init;
    this.attention = compile("WinnowTrainingAttention", ATTENTION);
    this.linearBf16 = precision == TrainingPrecision.BF16 ? compile("WinnowTrainingLinearBf16", LINEAR_BF16) : null;
    this.store = new ParameterStore(manager, false);
  }

  private PtSymbolBlock compile(String className, String source) {
    try {
      return JniUtils.loadModule((PtNDManager) manager,
          new ByteArrayInputStream(TorchScriptArchive.of(className, source)), false, false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The adapters (LoRA) or dense weights (full) created or claimed so far. */
  List<TrainableParameter> parameters() {
    return parameters;
  }

  void setTraining(boolean training) {
    this.training = training;
  }

  @Override
  public EncoderKernels.Layer layer(String name, LayerRole role, NDArray weight, NDArray bias) {
    EncoderKernels.Layer dense = x -> linear(x, weight, bias);
    if (method == FineTuneMethod.FULL || lora == null || !lora.targets().contains(role)) {
      return dense;
    }
    long out = weight.getShape().get(0);
    long in = weight.getShape().get(1);
    // A as PEFT draws it (Kaiming-uniform with a = sqrt(5): U(+-1/sqrt(in))), B zero: the adapted
    // layer starts exactly at the base layer.
    NDArray down = uniform(new Shape(lora.rank(), in), (float) (1.0 / Math.sqrt(in))).toType(weight.getDataType(), false);
    NDArray up = manager.zeros(new Shape(out, lora.rank()), weight.getDataType());
    down.setName(LoraAdapters.down(name));
    up.setName(LoraAdapters.up(name));
    down.setRequiresGradient(true);
    up.setRequiresGradient(true);
    parameters.add(new TrainableParameter(down.getName(), down, true, false));
    parameters.add(new TrainableParameter(up.getName(), up, true, false));
    float scale = lora.scale();
    return x -> {
      NDArray adapted = adapterInput(x).matMul(batchView(down.transpose(), x)).matMul(batchView(up.transpose(), x))
          .mul(scale);
      return dense.apply(x).add(adapted);
    };
  }

  private NDArray linear(NDArray x, NDArray weight, NDArray bias) {
    if (linearBf16 == null) {
      return Linear.linear(x, weight, bias).singletonOrThrow();
    }
    // Unnamed views: DJL passes named inputs (and weights are named) to a module as a dict.
    NDList inputs = new NDList(x, batchView(weight.reshape(weight.getShape()), x),
        batchView(bias.reshape(bias.getShape()), x));
    return linearBf16.forward(store, inputs, true).singletonOrThrow();
  }

  /**
   * A view made from a weight belongs to the weight's manager, which lives as long as the model:
   * moved to the batch's, it is freed with the batch instead of piling up step after step.
   */
  private static NDArray batchView(NDArray view, NDArray x) {
    view.attach(x.getManager());
    return view;
  }

  @Override
  public NDArray attention(NDArray query, NDArray key, NDArray value, NDArray maskBias) {
    return attention.forward(store, new NDList(query, key, value, maskBias), true).singletonOrThrow();
  }

  @Override
  public NDArray dropout(NDArray x) {
    return dropout(x, hiddenDropout);
  }

  /**
   * Inverted dropout from a uniform draw: PyTorch's own dropout kernel (through DJL) was the
   * slowest operation of a LoRA step on CPU, several times a uniform draw and a multiply.
   */
  private NDArray dropout(NDArray x, float rate) {
    if (!training || rate == 0) {
      return x;
    }
    NDArray keep = x.getManager().randomUniform(0f, 1f, x.getShape(), x.getDataType()).gte(rate);
    return x.mul(keep.toType(x.getDataType(), false)).div(1 - rate);
  }

  /**
   * The adapters' input dropout, drawn once per input: the query, key and value adapters read the
   * same hidden states, and one mask for the three costs a third of three (PEFT draws one each;
   * either is dropout).
   */
  private NDArray adapterInput(NDArray x) {
    if (x != lastAdapterInput) {
      lastAdapterInput = x;
      lastAdapterDropped = dropout(x, lora.dropout());
    }
    return lastAdapterDropped;
  }

  private NDArray uniform(Shape shape, float bound) {
    float[] values = new float[(int) shape.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = (init.nextFloat() * 2 - 1) * bound;
    }
    return manager.create(values, shape);
  }

  @Override
  public void close() {
    attention.close();
    if (linearBf16 != null) {
      linearBf16.close();
    }
  }
}
