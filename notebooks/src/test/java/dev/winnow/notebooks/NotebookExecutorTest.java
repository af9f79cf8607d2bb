package dev.winnow.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class NotebookExecutorTest {

  @Test
  void kernelStartFailuresAreToldApartFromOtherFailures() {
    assertEquals(Optional.of("RuntimeError: Kernel died before replying to kernel_info"),
        NotebookExecutor.kernelStartFailure("[NbConvertApp] Converting notebook q.ipynb\n"
            + "RuntimeError: Kernel died before replying to kernel_info\n"));
    assertTrue(NotebookExecutor.kernelStartFailure("RuntimeError: Kernel didn't respond in 180 seconds").isPresent());
    assertTrue(NotebookExecutor.kernelStartFailure(
        "RuntimeError: Kernel didn't respond to heartbeats in 60 seconds and timed out").isPresent());
    assertEquals(Optional.empty(), NotebookExecutor.kernelStartFailure(
        "nbclient.exceptions.DeadKernelError: Kernel died\n"));
    assertEquals(Optional.empty(), NotebookExecutor.kernelStartFailure(
        "nbclient.exceptions.CellTimeoutError: A cell timed out while it was being executed, after 900 seconds."));
  }
}
