package dev.winnow.runtime.inference;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Groups sequences into batches by a token budget rather than a row count: sorted longest first,
 * each batch takes rows while rows x its longest row stays within the budget. Short texts ride in
 * large batches, long ones in small batches, and padding stays minimal.
 */
public final class TokenBudgetPlanner {

  private final int budget;

  public TokenBudgetPlanner(int budgetTokens) {
    if (budgetTokens < 1) {
      throw new IllegalArgumentException("token budget must be positive: " + budgetTokens);
    }
    this.budget = budgetTokens;
  }

  /**
   * Plans batches over sequences of the given lengths.
   *
   * @return for each batch, the indices of its sequences, longest first; every index appears once
   */
  public List<int[]> plan(int[] lengths) {
    Integer[] order = new Integer[lengths.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    // Stable sort keeps equal-length sequences in input order, so plans are reproducible.
    Arrays.sort(order, Comparator.comparingInt((Integer i) -> lengths[i]).reversed());
    List<int[]> batches = new ArrayList<>();
    int start = 0;
    while (start < order.length) {
      int longest = Math.max(1, lengths[order[start]]);
      int rows = Math.max(1, Math.min(order.length - start, budget / longest));
      int[] batch = new int[rows];
      for (int r = 0; r < rows; r++) {
        batch[r] = order[start + r];
      }
      batches.add(batch);
      start += rows;
    }
    return batches;
  }
}
