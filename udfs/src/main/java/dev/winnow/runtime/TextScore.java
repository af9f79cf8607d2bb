package dev.winnow.runtime;

/**
 * The scores of one text.
 *
 * @param scores one score per label in {@link ModelInfo#labels()} order; {@code null} when the
 *     text was not scored (see {@code skipReason})
 * @param tokens tokens the model ran for this text: every window's, special tokens included (for a
 *     pair: the context kept and the text); a token in two overlapping windows counts twice, and
 *     tokens cut off (beyond the window, the window cap or the character budget) do not count
 * @param windows windows the text was scored in (0 when not scored)
 * @param truncated whether part of the text was not scored: tokens beyond the model's window, or
 *     characters beyond the budget (a pair's context is cut to its most recent tokens by design
 *     and does not count)
 * @param skipReason why the text was not scored ({@code null} when it was)
 */
public record TextScore(float[] scores, int tokens, int windows, boolean truncated, String skipReason) {

  public static final String NULL_TEXT = "null_text";
  public static final String EMPTY_TEXT = "empty_text";

  public static TextScore skipped(String reason) {
    return new TextScore(null, 0, 0, false, reason);
  }

  public boolean scored() {
    return scores != null;
  }
}
