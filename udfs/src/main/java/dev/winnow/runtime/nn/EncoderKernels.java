package dev.winnow.runtime.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The kernels an encoder's heavy operations run on: its dense layers, about nine tenths of a
 * MiniLM-class encoder's arithmetic, and attention.
 *
 * <p>DJL's NDArray API cannot pick these kernels, so they live in a small TorchScript module
 * compiled from source at load time ({@link TorchScriptArchive}):
 * <ul>
 *   <li>attention is PyTorch's fused {@code scaled_dot_product_attention} (on CPU a flash-attention
 *       kernel: no [batch, heads, length, length] score tensor is written out);
 *   <li>dense layers are the weights' own GEMM ({@link DenseKernel#NATIVE}, exact), bf16 (weights
 *       cast once, activations per call; oneDNN's AVX512-BF16 GEMM where the CPU has it) or dynamic
 *       int8 (weights quantized per output channel once, activations per call; FBGEMM).
 * </ul>
 * Everything else (embeddings, LayerNorm, GELU, softmax inside attention) stays in the weights'
 * type. Layers and attention are stateless and safe to call from concurrent threads.
 */
public final class EncoderKernels implements EncoderOps {

  /** How dense layers multiply. */
  public enum DenseKernel {
    /** The weights' own type through PyTorch's GEMM: matches the reference implementation. */
    NATIVE,
    /** bf16 GEMM with activations converted in and out; about 1e-3 score drift. */
    BF16,
    /** Dynamic int8: weights per channel, activations per tensor; about 2e-2 score drift. */
    INT8
  }

  /** One dense layer, {@code x W^T + b} over the last axis of {@code x}. */
  @FunctionalInterface
  public interface Layer {
    NDArray apply(NDArray x);
  }

  private static final String CLASS_NAME = "WinnowEncoderKernels";

  // Scalar types by number, as TorchScript source spells them: 4 int64, 6 float32, 7 float64,
  // 12 qint8, 15 bfloat16. The activations' range is reduced to 7 bits where the CPU lacks
  // AVX512-VNNI: there FBGEMM's 8-bit products can saturate their 16-bit sums (PyTorch's own x86
  // default reduces it everywhere).
  private static final String SOURCE = """
      class WinnowEncoderKernels(Module):
        __parameters__ = []
        __buffers__ = []
        training : bool
        def attention(self: __torch__.WinnowEncoderKernels,
            query: Tensor, key: Tensor, value: Tensor, mask_bias: Tensor) -> Tensor:
          return torch.scaled_dot_product_attention(query, key, value, mask_bias, 0., False)
        def pack_int8(self: __torch__.WinnowEncoderKernels,
            weight: Tensor, bias: Tensor) -> __torch__.torch.classes.quantized.LinearPackedParamsBase:
          amax = torch.clamp_min(torch.amax(torch.abs(weight), [1]), 1e-12)
          scales = torch.to(torch.div(amax, 127.), 7)
          zero_points = torch.zeros_like(scales, dtype=4)
          quantized = torch.quantize_per_channel(weight, scales, zero_points, 0, 12)
          return ops.quantized.linear_prepack(quantized, bias)
        def linear_int8(self: __torch__.WinnowEncoderKernels, x: Tensor,
            packed: __torch__.torch.classes.quantized.LinearPackedParamsBase, reduce_range: bool) -> Tensor:
          return ops.quantized.linear_dynamic(x, packed, reduce_range)
        def to_bf16(self: __torch__.WinnowEncoderKernels, t: Tensor) -> Tensor:
          return torch.to(t, 15)
        def linear_bf16(self: __torch__.WinnowEncoderKernels, x: Tensor, weight: Tensor, bias: Tensor) -> Tensor:
          return torch.to(torch.linear(torch.to(x, 15), weight, bias), x.dtype)
        def forward(self: __torch__.WinnowEncoderKernels, x: Tensor) -> Tensor:
          return x
      """;

  private final DenseKernel dense;
  private final PtSymbolBlock module;
  private final IValue reduceRange;
  private final List<IValue> prepared = new ArrayList<>();

  private EncoderKernels(DenseKernel dense, PtSymbolBlock module, boolean reduceRange) {
    this.dense = dense;
    this.module = module;
    this.reduceRange = IValue.from(reduceRange);
  }

  /** Compiles the kernels module; {@code manager} is any PyTorch manager (the module has no weights). */
  public static EncoderKernels load(DenseKernel dense, NDManager manager) {
    byte[] archive = TorchScriptArchive.of(CLASS_NAME, SOURCE);
    try {
      PtSymbolBlock module = JniUtils.loadModule((PtNDManager) manager, new ByteArrayInputStream(archive), false, false);
      return new EncoderKernels(dense, module, !CpuFeatures.current().hasAvx512Vnni());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public DenseKernel dense() {
    return dense;
  }

  /**
   * Prepares a layer from its weight [out, in] and bias [out], taking ownership of both: kernels
   * that work on a converted copy close them once the copy exists, so a bf16 or int8 model does not
   * also hold its fp32 dense weights. The layer must not outlive these kernels.
   */
  public synchronized Layer layer(NDArray weight, NDArray bias) {
    return layer("", null, weight, bias);
  }

  @Override
  public synchronized Layer layer(String name, LayerRole role, NDArray weight, NDArray bias) {
    if (dense == DenseKernel.NATIVE) {
      return x -> TransformerEncoder.linear(x, weight, bias);
    }
    try {
      if (dense == DenseKernel.INT8) {
        IValue packed = prepare("pack_int8", weight, bias);
        return x -> run("linear_int8", new NDArray[] {x}, packed, reduceRange);
      }
      IValue weightBf16 = prepare("to_bf16", weight);
      IValue biasBf16 = prepare("to_bf16", bias);
      return x -> run("linear_bf16", new NDArray[] {x}, weightBf16, biasBf16);
    } finally {
      weight.close();
      bias.close();
    }
  }

  /**
   * One layer three times as wide: one GEMM instead of three over the same input. The fused copy
   * replaces the three, which are closed: keeping them would hold a quarter of the layer twice.
   */
  @Override
  public Layer queryKeyValue(String[] names, NDArray[] weights, NDArray[] biases) {
    NDList weightList = new NDList(weights);
    NDList biasList = new NDList(biases);
    NDArray fusedWeight = NDArrays.concat(weightList, 0);
    NDArray fusedBias = NDArrays.concat(biasList, 0);
    weightList.close();
    biasList.close();
    return layer(fusedWeight, fusedBias);
  }

  @Override
  public NDArray attention(NDArray query, NDArray key, NDArray value, NDArray maskBias) {
    return run("attention", new NDArray[] {query, key, value, maskBias});
  }

  private IValue prepare(String method, NDArray... tensors) {
    IValue[] inputs = new IValue[tensors.length];
    for (int i = 0; i < tensors.length; i++) {
      inputs[i] = IValue.from((PtNDArray) tensors[i]);
    }
    try {
      IValue result = IValueUtils.runMethod(module, method, inputs);
      prepared.add(result);
      return result;
    } finally {
      for (IValue input : inputs) {
        input.close();
      }
    }
  }

  /** Runs {@code method(tensors..., prepared...)}; the result lives in the first tensor's manager. */
  private NDArray run(String method, NDArray[] tensors, IValue... prepared) {
    IValue[] inputs = new IValue[tensors.length + prepared.length];
    try {
      for (int i = 0; i < tensors.length; i++) {
        inputs[i] = IValue.from((PtNDArray) tensors[i]);
      }
      System.arraycopy(prepared, 0, inputs, tensors.length, prepared.length);
      try (IValue output = IValueUtils.runMethod(module, method, inputs)) {
        return output.toTensor((PtNDManager) tensors[0].getManager());
      }
    } finally {
      for (int i = 0; i < tensors.length && inputs[i] != null; i++) {
        inputs[i].close();
      }
    }
  }

  @Override
  public synchronized void close() {
    prepared.forEach(IValue::close);
    prepared.clear();
    reduceRange.close();
    module.close();
  }
}
