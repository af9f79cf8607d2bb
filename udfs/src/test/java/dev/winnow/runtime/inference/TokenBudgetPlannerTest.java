package dev.winnow.runtime.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TokenBudgetPlannerTest {

  @Test
  void everySequenceOnceAndEveryBatchWithinBudget() {
    Random random = new Random(42);
    int[] lengths = random.ints(500, 1, 300).toArray();
    List<int[]> plan = new TokenBudgetPlanner(2048).plan(lengths);
    boolean[] seen = new boolean[lengths.length];
    for (int[] batch : plan) {
      int longest = Arrays.stream(batch).map(i -> lengths[i]).max().orElseThrow();
      assertTrue(batch.length * longest <= 2048, "batch over budget");
      assertEquals(longest, lengths[batch[0]], "longest first");
      for (int i : batch) {
        assertTrue(!seen[i], "index " + i + " twice");
        seen[i] = true;
      }
    }
    for (boolean s : seen) {
      assertTrue(s);
    }
  }

  @Test
  void sequenceLongerThanTheBudgetGetsItsOwnBatch() {
    List<int[]> plan = new TokenBudgetPlanner(100).plan(new int[] {10, 500, 10});
    assertEquals(1, plan.get(0).length);
    assertEquals(1, plan.get(0)[0]);
    assertEquals(2, plan.get(1).length);
  }
}
