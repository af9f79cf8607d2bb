package dev.winnow.runtime.text;

/**
 * How many characters of one text are worth tokenizing: a text is scored in at most {@code
 * tokens} tokens, and real text does not average more than {@value #CHARS_PER_TOKEN} characters
 * per token (WordPiece maps any word over 100 characters to a single {@code [UNK]}; byte-level BPE
 * tokens are shorter still). Cutting a 10 MB document to this budget before tokenizing keeps
 * tokenizer memory proportional to what the model can see instead of to the document.
 *
 * <p>Only runs of whitespace or control characters (which produce no tokens) can push real content
 * past the budget; such a text is scored on what fits and marked truncated, like any other text
 * longer than its windows.
 */
public record CharBudget(int maxChars) {

  public static final int CHARS_PER_TOKEN = 128;

  public CharBudget {
    if (maxChars < 1) {
      throw new IllegalArgumentException("maxChars must be positive, got " + maxChars);
    }
  }

  /** The budget for texts scored in at most {@code tokens} tokens. */
  public static CharBudget forTokens(long tokens) {
    return new CharBudget((int) Math.min(Integer.MAX_VALUE - 8, tokens * CHARS_PER_TOKEN));
  }

  /** {@code text} itself when within budget, else its head, never splitting a surrogate pair. */
  public String cut(String text) {
    if (text.length() <= maxChars) {
      return text;
    }
    int end = maxChars;
    if (Character.isHighSurrogate(text.charAt(end - 1)) && Character.isLowSurrogate(text.charAt(end))) {
      end--;
    }
    return text.substring(0, end);
  }

  /** {@code text} itself when within budget, else its end (a context's most recent part). */
  public String cutTail(String text) {
    if (text.length() <= maxChars) {
      return text;
    }
    int start = text.length() - maxChars;
    if (Character.isLowSurrogate(text.charAt(start)) && Character.isHighSurrogate(text.charAt(start - 1))) {
      start++;
    }
    return text.substring(start);
  }
}
