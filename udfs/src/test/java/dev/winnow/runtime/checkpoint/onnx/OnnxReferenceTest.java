package dev.winnow.runtime.checkpoint.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winnow.runtime.testing.OnnxReference;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The ONNX Runtime reference that the Java encoder's parity test compares against. */
class OnnxReferenceTest {

  // [CLS] hello world [SEP] and [CLS] this is a test [SEP] in the BERT uncased vocabulary.
  private static final long[] HELLO_WORLD = {101, 7592, 2088, 102};
  private static final long[] THIS_IS_A_TEST = {101, 2023, 2003, 1037, 3231, 102};

  private static OnnxReference reference;

  @BeforeAll
  static void open() {
    reference = OnnxReference.open(BundledEncoder.E5_SMALL_V2);
  }

  @AfterAll
  static void close() {
    reference.close();
  }

  @Test
  void readsTheLastHiddenState() {
    assertTrue(reference.inputNames().contains("input_ids"), reference.inputNames().toString());
    assertEquals("last_hidden_state", reference.outputName());
  }

  @Test
  void returnsBatchBySequenceByHiddenOfFiniteValues() {
    float[][][] hidden = reference.lastHiddenState(
        new long[][] {padded(HELLO_WORLD, 6), THIS_IS_A_TEST},
        new long[][] {mask(4, 6), mask(6, 6)},
        new long[2][6]);
    assertEquals(2, hidden.length);
    for (float[][] sequence : hidden) {
      assertEquals(6, sequence.length);
      for (float[] position : sequence) {
        assertEquals(384, position.length);
        for (float value : position) {
          assertTrue(Float.isFinite(value));
        }
      }
    }
  }

  @Test
  void maskedPaddingDoesNotChangeTheRealTokens() {
    float[][][] alone = reference.lastHiddenState(
        new long[][] {HELLO_WORLD}, new long[][] {mask(4, 4)}, new long[1][4]);
    float[][][] padded = reference.lastHiddenState(
        new long[][] {padded(HELLO_WORLD, 6), THIS_IS_A_TEST},
        new long[][] {mask(4, 6), mask(6, 6)},
        new long[2][6]);
    float maxDifference = 0;
    for (int token = 0; token < HELLO_WORLD.length; token++) {
      for (int unit = 0; unit < 384; unit++) {
        maxDifference = Math.max(maxDifference, Math.abs(alone[0][token][unit] - padded[0][token][unit]));
      }
    }
    assertTrue(maxDifference <= 1e-4f, "padding moved real tokens by " + maxDifference);
  }

  private static long[] padded(long[] ids, int length) {
    return Arrays.copyOf(ids, length);
  }

  private static long[] mask(int real, int length) {
    long[] mask = new long[length];
    Arrays.fill(mask, 0, real, 1);
    return mask;
  }
}
