package dev.winnow.runtime.inference;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Groups sequences into batches by a token budget rather than a row count: sorted longest first,
 * each batch takes rows while rows x its longest row stays within the budget and its real tokens
 * stay at least {@code minFill} of its padded ones. Short texts ride in large batches, long ones in
 * small batches, and padding stays bounded however few rows a call brings.
 */
public final class TokenBudgetPlanner {

  /**
   * Real / padded tokens every batch keeps. Without a floor, a batch led by a tail-length text
   * pads dozens of short ones up to it (0.6-0.7 on log-normal lengths in chunks of a few hundred
   * rows); at 0.9 the extra, smaller batches cost less than the padding did.
   */
  public static final double DEFAULT_MIN_FILL = 0.9;

  private final int budget;
  private final double minFill;

  public TokenBudgetPlanner(int budgetTokens) {
    this(budgetTokens, DEFAULT_MIN_FILL);
  }

  /** @param minFill lowest real / padded tokens of a batch of two rows or more, in [0, 1] */
  public TokenBudgetPlanner(int budgetTokens, double minFill) {
    if (budgetTokens < 1) {
      throw new IllegalArgumentException("token budget must be positive: " + budgetTokens);
    }
    if (!(minFill >= 0 && minFill <= 1)) {
      throw new IllegalArgumentException("minimum fill must be in [0, 1]: " + minFill);
    }
    this.budget = budgetTokens;
    this.minFill = minFill;
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
      int maxRows = Math.max(1, Math.min(order.length - start, budget / longest));
      int rows = 1;
      long real = longest;
      // Rows only get shorter, so once one would drop the fill below the floor, all would.
      while (rows < maxRows && real + lengths[order[start + rows]] >= minFill * (rows + 1) * longest) {
        real += lengths[order[start + rows]];
        rows++;
      }
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
