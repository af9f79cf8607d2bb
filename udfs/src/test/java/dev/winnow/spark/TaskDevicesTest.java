package dev.winnow.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winnow.runtime.InferenceOptions;
import dev.winnow.runtime.Precision;
import dev.winnow.runtime.TextClassifier;
import dev.winnow.spark.testing.FakeClassifier;
import dev.winnow.spark.testing.FakeFactory;
import dev.winnow.spark.testing.TestSpark;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TaskDevicesTest {

  private static final InferenceOptions AUTO = InferenceOptions.DEFAULTS.withDevice(TaskDevices.AUTO);
  private static final int GPU_BUDGET = 16_384;

  @BeforeEach
  @AfterEach
  void reset() {
    TestSpark.forgetModels();
  }

  @Test
  void autoWithoutAssignedGpuRunsOnCpuWithTheCpuBudget() {
    InferenceOptions resolved = TaskDevices.resolve(AUTO, GPU_BUDGET, List.of());
    assertEquals(InferenceOptions.DEFAULTS, resolved);
  }

  @Test
  void autoTakesTheTasksFirstGpuAndTheGpuBudget() {
    InferenceOptions resolved = TaskDevices.resolve(AUTO, GPU_BUDGET, List.of("3", "5"));
    assertEquals("gpu:3", resolved.device());
    assertEquals(GPU_BUDGET, resolved.batchTokens());
    assertEquals(AUTO.withDevice("gpu:3").withBatchTokens(GPU_BUDGET), resolved, "nothing else changes");
  }

  @Test
  void zeroGpuBudgetKeepsTheBatchBudget() {
    assertEquals(4096, TaskDevices.resolve(AUTO, 0, List.of("0")).batchTokens());
  }

  @Test
  void plainGpuPrefersTheAssignedOne() {
    InferenceOptions gpu = AUTO.withDevice("gpu");
    assertEquals("gpu:1", TaskDevices.resolve(gpu, 0, List.of("1")).device());
    assertEquals("gpu", TaskDevices.resolve(gpu, 0, List.of()).device(), "DJL's default GPU outside GPU scheduling");
  }

  @Test
  void explicitDevicesWinOverAssignments() {
    assertEquals("gpu:2", TaskDevices.resolve(AUTO.withDevice("gpu:2"), 0, List.of("0")).device());
    InferenceOptions cpu = TaskDevices.resolve(InferenceOptions.DEFAULTS, GPU_BUDGET, List.of("0"));
    assertEquals("cpu", cpu.device());
    assertEquals(4096, cpu.batchTokens(), "the GPU budget applies on GPUs only");
  }

  @Test
  void precisionThatDoesNotFitTheResolvedDeviceIsRefusedWithTheReason() {
    IllegalArgumentException half = assertThrows(IllegalArgumentException.class,
        () -> TaskDevices.resolve(AUTO.withPrecision(Precision.FP16), 0, List.of()));
    assertTrue(half.getMessage().contains("spark.task.resource.gpu.amount"), half.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> TaskDevices.resolve(InferenceOptions.DEFAULTS.withPrecision(Precision.FP16), 0, List.of("0")));
    IllegalArgumentException int8 = assertThrows(IllegalArgumentException.class,
        () -> TaskDevices.resolve(AUTO.withPrecision(Precision.INT8), 0, List.of("0")));
    assertTrue(int8.getMessage().contains("CPUs only") && int8.getMessage().contains("assigned this task a GPU"),
        int8.getMessage());
    assertEquals(Precision.BF16, TaskDevices.resolve(AUTO.withPrecision(Precision.BF16), 0, List.of("0")).precision());
    assertEquals("cpu", TaskDevices.resolve(AUTO.withPrecision(Precision.BF16), 0, List.of()).device());
    assertEquals("cpu", TaskDevices.resolve(AUTO.withPrecision(Precision.INT8), 0, List.of()).device());
  }

  @Test
  void badDevicesAndAddressesAreNamed() {
    IllegalArgumentException device = assertThrows(IllegalArgumentException.class,
        () -> TaskDevices.resolve(AUTO.withDevice("cuda"), 0, List.of()));
    assertTrue(device.getMessage().contains("'cuda'"), device.getMessage());
    IllegalArgumentException address = assertThrows(IllegalArgumentException.class,
        () -> TaskDevices.resolve(AUTO, 0, List.of("GPU-8f2c")));
    assertTrue(address.getMessage().contains("'GPU-8f2c'"), address.getMessage());
  }

  @Test
  void outsideATaskThereIsNoGpu() {
    assertEquals("cpu", TaskDevices.forCurrentTask(AUTO, GPU_BUDGET).device());
  }

  @Test
  void oneModelPerGpuPerExecutor() {
    FakeFactory factory = new FakeFactory();
    try (ModelLease<TextClassifier> gpu0 = onGpu(factory, "0");
        ModelLease<TextClassifier> gpu0Again = onGpu(factory, "0");
        ModelLease<TextClassifier> gpu1 = onGpu(factory, "1")) {
      assertSame(gpu0.model(), gpu0Again.model(), "tasks sharing a GPU share its model");
      assertNotSame(gpu0.model(), gpu1.model());
    }
    assertEquals(2, ExecutorModelCache.loads());
  }

  private static ModelLease<TextClassifier> onGpu(FakeFactory factory, String address) {
    return ExecutorModelCache.borrow(factory, FakeClassifier.REF, TaskDevices.resolve(AUTO, 0, List.of(address)));
  }
}
