package dev.winnow.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.winnow.runtime.InferenceOptions;
import dev.winnow.runtime.Precision;
import dev.winnow.runtime.TextClassifier;
import dev.winnow.runtime.UserError;
import dev.winnow.spark.testing.FakeClassifier;
import dev.winnow.spark.testing.FakeFactory;
import dev.winnow.spark.testing.TestSpark;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TaskDevicesTest {

  private static final DeviceRequest AUTO = DeviceRequest.AUTO;
  private static final InferenceOptions OPTIONS = InferenceOptions.DEFAULTS;
  private static final int GPU_BUDGET = 16_384;

  @BeforeEach
  @AfterEach
  void reset() {
    TestSpark.forgetModels();
  }

  @Test
  void autoWithoutAssignedGpuRunsOnCpuWithTheCpuBudget() {
    InferenceOptions resolved = TaskDevices.resolve(AUTO, OPTIONS, GPU_BUDGET, List.of());
    assertEquals(InferenceOptions.DEFAULTS, resolved);
  }

  @Test
  void autoTakesTheTasksFirstGpuAndTheGpuBudget() {
    InferenceOptions resolved = TaskDevices.resolve(AUTO, OPTIONS, GPU_BUDGET, List.of("3", "5"));
    assertEquals(Device.gpu(3), resolved.device());
    assertEquals(GPU_BUDGET, resolved.batchTokens());
    assertEquals(OPTIONS.withDevice(Device.gpu(3)).withBatchTokens(GPU_BUDGET), resolved, "nothing else changes");
  }

  @Test
  void zeroGpuBudgetKeepsTheBatchBudget() {
    assertEquals(4096, TaskDevices.resolve(AUTO, OPTIONS, 0, List.of("0")).batchTokens());
  }

  @Test
  void plainGpuPrefersTheAssignedOne() {
    DeviceRequest gpu = DeviceRequest.parse("gpu");
    assertEquals(Device.gpu(1), TaskDevices.resolve(gpu, OPTIONS, 0, List.of("1")).device());
    assertEquals(Device.gpu(0), TaskDevices.resolve(gpu, OPTIONS, 0, List.of()).device(),
        "the first GPU outside GPU scheduling");
  }

  @Test
  void explicitDevicesWinOverAssignmentsAndOverTheOptionsDevice() {
    assertEquals(Device.gpu(2), TaskDevices.resolve(DeviceRequest.parse("gpu:2"), OPTIONS, 0, List.of("0")).device());
    InferenceOptions cpu = TaskDevices.resolve(DeviceRequest.parse("cpu"), OPTIONS.withDevice(Device.gpu(1)),
        GPU_BUDGET, List.of("0"));
    assertEquals(Device.cpu(), cpu.device());
    assertEquals(4096, cpu.batchTokens(), "the GPU budget applies on GPUs only");
  }

  @Test
  void precisionThatDoesNotFitTheResolvedDeviceIsRefusedWithTheReason() {
    UserError half = assertThrows(UserError.class,
        () -> TaskDevices.resolve(AUTO, OPTIONS.withPrecision(Precision.FP16), 0, List.of()));
    assertTrue(half.getMessage().contains("spark.task.resource.gpu.amount"), half.getMessage());
    assertEquals("model.precision", half.setting().orElseThrow());
    assertThrows(UserError.class,
        () -> TaskDevices.resolve(DeviceRequest.parse("cpu"), OPTIONS.withPrecision(Precision.FP16), 0, List.of("0")));
    UserError int8 = assertThrows(UserError.class,
        () -> TaskDevices.resolve(AUTO, OPTIONS.withPrecision(Precision.INT8), 0, List.of("0")));
    assertTrue(int8.getMessage().contains("CPUs only") && int8.getMessage().contains("assigned this task a GPU"),
        int8.getMessage());
    assertEquals(Precision.BF16, TaskDevices.resolve(AUTO, OPTIONS.withPrecision(Precision.BF16), 0, List.of("0")).precision());
    assertEquals(Device.cpu(), TaskDevices.resolve(AUTO, OPTIONS.withPrecision(Precision.BF16), 0, List.of()).device());
    assertEquals(Device.cpu(), TaskDevices.resolve(AUTO, OPTIONS.withPrecision(Precision.INT8), 0, List.of()).device());
  }

  @Test
  void badDevicesAndAddressesAreNamed() {
    for (String bad : List.of("cuda", "gpu:", "gpu:-1", "GPU", "gpu0+gpu1", "cpu:0", "")) {
      UserError device = assertThrows(UserError.class, () -> DeviceRequest.parse(bad), bad);
      assertTrue(device.getMessage().contains("'" + bad + "'"), device.getMessage());
      assertEquals("model.device", device.setting().orElseThrow());
      assertFalse(DeviceRequest.isValid(bad), bad);
    }
    assertThrows(UserError.class, () -> DeviceRequest.parse(null));
    UserError address = assertThrows(UserError.class, () -> TaskDevices.resolve(AUTO, OPTIONS, 0, List.of("GPU-8f2c")));
    assertTrue(address.getMessage().contains("'GPU-8f2c'"), address.getMessage());
  }

  @Test
  void requestsReadBackAsTheirSetting() {
    for (String setting : List.of("auto", "cpu", "gpu", "gpu:0", "gpu:7")) {
      assertEquals(setting, DeviceRequest.parse(setting).toString());
    }
    assertEquals(DeviceRequest.parse("gpu:3"), DeviceRequest.fixed(Device.gpu(3)));
    assertEquals(DeviceRequest.parse("cpu"), DeviceRequest.fixed(Device.cpu()));
    assertTrue(DeviceRequest.AUTO.perTask() && DeviceRequest.parse("gpu").perTask());
    assertFalse(DeviceRequest.parse("gpu:0").perTask() || DeviceRequest.parse("cpu").perTask());
  }

  @Test
  void outsideATaskThereIsNoGpu() {
    assertEquals(Device.cpu(), TaskDevices.forCurrentTask(AUTO, OPTIONS, GPU_BUDGET).device());
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
    return ExecutorModelCache.borrow(factory, FakeClassifier.REF, TaskDevices.resolve(AUTO, OPTIONS, 0, List.of(address)));
  }
}
