package dev.winnow.runtime.text;

/**
 * One text as the model's tokenizer sees it, special tokens included.
 *
 * @param prefix how many tokens open the sequence and repeat in every window: the special tokens
 *     ([CLS], &lt;s&gt;), and for a pair also the context and its separator
 * @param suffix how many special tokens close it ([SEP], &lt;/s&gt;)
 */
public record TokenizedText(long[] ids, long[] typeIds, int prefix, int suffix) {

  public TokenizedText {
    if (ids.length != typeIds.length) {
      throw new IllegalArgumentException("ids and type ids differ in length");
    }
    if (prefix + suffix > ids.length) {
      throw new IllegalArgumentException("more special tokens than tokens");
    }
  }

  public int length() {
    return ids.length;
  }

  public int contentLength() {
    return ids.length - prefix - suffix;
  }
}
