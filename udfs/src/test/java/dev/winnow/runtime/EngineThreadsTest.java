package dev.winnow.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class EngineThreadsTest {

  @Test
  void setsTheNativeIntraOpCount() {
    int before = EngineThreads.intraOp();
    try {
      EngineThreads.setIntraOp(3);
      assertEquals(3, EngineThreads.intraOp());
      EngineThreads.setIntraOp(1);
      assertEquals(1, EngineThreads.intraOp());
    } finally {
      EngineThreads.setIntraOp(before);
    }
    assertThrows(IllegalArgumentException.class, () -> EngineThreads.setIntraOp(0));
  }
}
