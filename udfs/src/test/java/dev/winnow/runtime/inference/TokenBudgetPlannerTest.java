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

  @Test
  void everyBatchKeepsTheFillFloorOnLongTailedLengths() {
    Random random = new Random(7);
    // Log-normal lengths, median 50 tokens, clamped to [8, 512]: a web corpus in one small chunk.
    int[] lengths = new int[300];
    for (int i = 0; i < lengths.length; i++) {
      lengths[i] = (int) Math.max(8, Math.min(512, Math.round(50 * Math.exp(0.9 * random.nextGaussian()))));
    }
    long real = 0;
    long padded = 0;
    for (int[] batch : new TokenBudgetPlanner(4096).plan(lengths)) {
      int longest = lengths[batch[0]];
      long batchReal = Arrays.stream(batch).mapToLong(i -> lengths[i]).sum();
      assertTrue(batchReal >= 0.9 * batch.length * longest, "batch fill " + batchReal / (double) (batch.length * longest));
      real += batchReal;
      padded += (long) batch.length * longest;
    }
    long unboundedPadded = 0;
    for (int[] batch : new TokenBudgetPlanner(4096, 0.0).plan(lengths)) {
      unboundedPadded += (long) batch.length * lengths[batch[0]];
    }
    assertTrue(padded < unboundedPadded, "the floor removes padding: " + padded + " vs " + unboundedPadded);
    assertTrue(real >= 0.9 * padded);
  }

  @Test
  void rowsJoinWhileTheFillStaysAboveTheFloor() {
    // 100 + 90 + 80 = 270 of 300 padded (0.9) fits; a fourth row of 50 would make 320 / 400.
    List<int[]> plan = new TokenBudgetPlanner(4096, 0.9).plan(new int[] {50, 90, 100, 80});
    assertEquals(List.of(3, 1), plan.stream().map(b -> b.length).toList());
    assertEquals(List.of(2, 1, 3), Arrays.stream(plan.get(0)).boxed().toList());
  }
}
