package dev.winnow.runtime;

/**
 * The scores of one text.
 *
 * @param scores one score per label in {@link ModelInfo#labels()} order; {@code null} when the
 *     text was not scored (see {@code skipReason})
 * @param tokens tokens the text produced, special tokens included, before truncation (for a pair:
 *     context and text together)
 * @param windows windows the text was scored in (0 when not scored)
 * @param truncated whether tokens of the text beyond the model's window were dropped (a pair's
 *     context is cut to its most recent tokens by design and does not count)
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
