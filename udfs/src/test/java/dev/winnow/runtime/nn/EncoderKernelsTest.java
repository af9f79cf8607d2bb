package dev.winnow.runtime.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.winnow.runtime.nn.EncoderKernels.DenseKernel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each kernel against the plain NDArray arithmetic it stands for. */
class EncoderKernelsTest {

  private static NDManager manager;

  @BeforeAll
  static void start() {
    manager = NDManager.newBaseManager("PyTorch");
    manager.getEngine().setRandomSeed(7);
  }

  @AfterAll
  static void stop() {
    manager.close();
  }

  /** max |a - b| / max |b|. */
  private static float relativeError(NDArray actual, NDArray expected) {
    return actual.sub(expected).abs().max().getFloat() / expected.abs().max().getFloat();
  }

  private static float dense(DenseKernel kind, NDArray x, NDArray weight, NDArray bias, NDArray expected) {
    try (EncoderKernels kernels = EncoderKernels.load(kind, manager)) {
      NDArray y = kernels.layer(weight.duplicate(), bias.duplicate()).apply(x);
      assertEquals(expected.getShape(), y.getShape());
      assertEquals(DataType.FLOAT32, y.getDataType(), "activations stay fp32 between layers");
      return relativeError(y, expected);
    }
  }

  @Test
  void denseKernelsComputeTheSameLayerWithinTheirPrecision() {
    NDArray x = manager.randomNormal(new Shape(3, 17, 64));
    NDArray weight = manager.randomNormal(new Shape(96, 64)).mul(0.1f);
    NDArray bias = manager.randomNormal(new Shape(96)).mul(0.1f);
    NDArray expected = x.matMul(weight.transpose()).add(bias);
    float nativeError = dense(DenseKernel.NATIVE, x, weight, bias, expected);
    float bf16Error = dense(DenseKernel.BF16, x, weight, bias, expected);
    float int8Error = dense(DenseKernel.INT8, x, weight, bias, expected);
    assertTrue(nativeError < 1e-5, "native " + nativeError);
    // bf16 keeps 8 significant bits; int8 per-channel weights and per-tensor activations about 7.
    assertTrue(bf16Error > 1e-5 && bf16Error < 2e-2, "bf16 " + bf16Error);
    assertTrue(int8Error > 1e-5 && int8Error < 5e-2, "int8 " + int8Error);
  }

  @Test
  void preparedLayersAreSharedByConcurrentCallers() throws Exception {
    NDArray weight = manager.randomNormal(new Shape(32, 48));
    NDArray bias = manager.randomNormal(new Shape(32));
    float[] input = manager.randomNormal(new Shape(5, 48)).toFloatArray();
    for (DenseKernel kind : DenseKernel.values()) {
      try (EncoderKernels kernels = EncoderKernels.load(kind, manager)) {
        EncoderKernels.Layer layer = kernels.layer(weight.duplicate(), bias.duplicate());
        Callable<float[]> call = () -> {
          try (NDManager scope = manager.newSubManager()) {
            float[] out = null;
            for (int i = 0; i < 50; i++) {
              out = layer.apply(scope.create(input, new Shape(5, 48))).toFloatArray();
            }
            return out;
          }
        };
        float[] alone = call.call();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
          for (Future<float[]> result : pool.invokeAll(List.of(call, call, call, call))) {
            assertArrayEquals(alone, result.get(), kind + " differs when called concurrently");
          }
        } finally {
          pool.shutdown();
        }
      }
    }
  }

  @Test
  void attentionIsMaskedScaledDotProductAttention() {
    long batch = 2;
    long heads = 3;
    long length = 9;
    long size = 8;
    NDArray q = manager.randomNormal(new Shape(batch, heads, length, size));
    NDArray k = manager.randomNormal(new Shape(batch, heads, length, size));
    NDArray v = manager.randomNormal(new Shape(batch, heads, length, size));
    // Second row: the last four positions are padding.
    float[] mask = new float[(int) (batch * length)];
    for (int t = 5; t < length; t++) {
      mask[(int) length + t] = -1e9f;
    }
    NDArray maskBias = manager.create(mask, new Shape(batch, 1, 1, length));
    NDArray expected = q.matMul(k.transpose(0, 1, 3, 2)).div((float) Math.sqrt(size)).add(maskBias)
        .softmax(-1).matMul(v);
    try (EncoderKernels kernels = EncoderKernels.load(DenseKernel.NATIVE, manager)) {
      NDArray actual = kernels.attention(q, k, v, maskBias);
      assertTrue(relativeError(actual, expected) < 1e-5, "attention " + relativeError(actual, expected));
      // Padding keys get no weight: changing their values changes nothing.
      NDArray noisyValues = v.add(manager.randomNormal(v.getShape()).mul(maskBias.eq(0f).logicalNot().toType(DataType.FLOAT32, false)
          .reshape(batch, 1, length, 1)));
      NDArray again = kernels.attention(q, k, noisyValues, maskBias);
      assertTrue(relativeError(again, actual) < 1e-6);
    }
  }

  @Test
  void cpuFeaturesReadTheFirstFlagsLine(@TempDir Path dir) throws IOException {
    Path vnni = dir.resolve("vnni");
    Files.writeString(vnni, "processor\t: 0\nflags\t\t: fpu avx2 avx512f avx512_vnni\nflags\t\t: other\n");
    Path avx2 = dir.resolve("avx2");
    Files.writeString(avx2, "processor\t: 0\nflags\t\t: fpu sse4_2 avx2 fma avx_vnni\n");
    assertTrue(CpuFeatures.read(vnni).hasAvx512Vnni());
    assertFalse(CpuFeatures.read(avx2).hasAvx512Vnni(), "AVX-VNNI alone runs FBGEMM's AVX2 kernels");
    assertEquals(Set.of(), CpuFeatures.read(dir.resolve("missing")).flags(), "no cpuinfo: assume nothing");
  }
}
