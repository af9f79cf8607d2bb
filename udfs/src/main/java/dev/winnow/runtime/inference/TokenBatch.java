package dev.winnow.runtime.inference;

/**
 * A padded batch of token sequences in row-major flat arrays, ready to hand to a native engine
 * in one copy.
 */
public record TokenBatch(int rows, int length, long[] ids, long[] typeIds, long[] attentionMask) {

  public TokenBatch {
    int cells = rows * length;
    if (ids.length != cells || typeIds.length != cells || attentionMask.length != cells) {
      throw new IllegalArgumentException("batch arrays must hold rows x length = " + cells + " values");
    }
  }

  /** Pads {@code sequences} (ids and type ids per row) to the longest one. */
  public static TokenBatch pad(long[][] ids, long[][] typeIds, long padId) {
    int rows = ids.length;
    int length = 0;
    for (long[] row : ids) {
      length = Math.max(length, row.length);
    }
    long[] flatIds = new long[rows * length];
    long[] flatTypes = new long[rows * length];
    long[] mask = new long[rows * length];
    java.util.Arrays.fill(flatIds, padId);
    for (int r = 0; r < rows; r++) {
      int offset = r * length;
      System.arraycopy(ids[r], 0, flatIds, offset, ids[r].length);
      System.arraycopy(typeIds[r], 0, flatTypes, offset, typeIds[r].length);
      java.util.Arrays.fill(mask, offset, offset + ids[r].length, 1L);
    }
    return new TokenBatch(rows, length, flatIds, flatTypes, mask);
  }

  public long realTokens() {
    long n = 0;
    for (long m : attentionMask) {
      n += m;
    }
    return n;
  }
}
