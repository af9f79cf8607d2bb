package dev.winnow.runtime.text;

import java.util.Arrays;

/**
 * A context and a text encoded together by the model's pair template, special tokens included:
 * {@code [0, contextStart)} opening specials, {@code [contextStart, contextEnd)} the context,
 * {@code [contextEnd, textStart)} the separator, {@code [textStart, textEnd)} the text, and from
 * {@code textEnd} the closing specials (for BERT: {@code [CLS] context [SEP] text [SEP]}).
 */
public record TokenizedPair(long[] ids, long[] typeIds, int contextStart, int contextEnd, int textStart, int textEnd) {

  public TokenizedPair {
    if (ids.length != typeIds.length) {
      throw new IllegalArgumentException("ids and type ids differ in length");
    }
    if (!(0 <= contextStart && contextStart <= contextEnd && contextEnd <= textStart && textStart <= textEnd
        && textEnd <= ids.length)) {
      throw new IllegalArgumentException("pair bounds out of order: " + contextStart + ", " + contextEnd + ", "
          + textStart + ", " + textEnd + " in " + ids.length + " tokens");
    }
  }

  /**
   * Finds the segments from the tokenizer's sequence ids: 0 for context tokens, 1 for text tokens,
   * negative for the template's special tokens.
   */
  static TokenizedPair fromSequenceIds(long[] ids, long[] typeIds, long[] sequenceIds) {
    int contextStart = first(sequenceIds, 0);
    int textStart = first(sequenceIds, 1);
    if (textStart < 0) {
      // A text of characters the vocabulary drops tokenizes to nothing: an empty text right after
      // the context, all trailing specials closing the pair.
      textStart = contextStart < 0 ? 0 : afterLast(sequenceIds, 0);
    }
    int textEnd = Math.max(textStart, afterLast(sequenceIds, 1));
    int contextEnd = contextStart < 0 ? textStart : afterLast(sequenceIds, 0);
    if (contextStart < 0) {
      contextStart = textStart;
    }
    if (contextEnd > textStart) {
      throw new IllegalArgumentException("the tokenizer's pair template does not put the context before the text");
    }
    return new TokenizedPair(ids, typeIds, contextStart, contextEnd, textStart, textEnd);
  }

  private static int first(long[] sequenceIds, long sequence) {
    for (int i = 0; i < sequenceIds.length; i++) {
      if (sequenceIds[i] == sequence) {
        return i;
      }
    }
    return -1;
  }

  /** One past the last token of {@code sequence}, or -1 when it has none. */
  private static int afterLast(long[] sequenceIds, long sequence) {
    for (int i = sequenceIds.length - 1; i >= 0; i--) {
      if (sequenceIds[i] == sequence) {
        return i + 1;
      }
    }
    return -1;
  }

  public int length() {
    return ids.length;
  }

  public int contextLength() {
    return contextEnd - contextStart;
  }

  public int textLength() {
    return textEnd - textStart;
  }

  /** The template's own tokens: what every window of the pair carries besides context and text. */
  public int specialTokens() {
    return length() - contextLength() - textLength();
  }

  /**
   * The pair with only the last {@code tokens} of its context, as one sequence whose windowed
   * content is the text: everything before the text (opening specials, the kept context, the
   * separator) is its prefix and repeats in every window, the closing specials are its suffix.
   */
  public TokenizedText keepingContextTail(int tokens) {
    if (tokens < 0 || tokens > contextLength()) {
      throw new IllegalArgumentException("cannot keep " + tokens + " of " + contextLength() + " context tokens");
    }
    int dropFrom = contextStart;
    int dropTo = contextEnd - tokens;
    long[] keptIds = cut(ids, dropFrom, dropTo);
    long[] keptTypes = cut(typeIds, dropFrom, dropTo);
    return new TokenizedText(keptIds, keptTypes, textStart - (dropTo - dropFrom), length() - textEnd);
  }

  private static long[] cut(long[] values, int from, int to) {
    long[] out = Arrays.copyOf(values, values.length - (to - from));
    System.arraycopy(values, to, out, from, values.length - to);
    return out;
  }
}
