package dev.winnow.runtime.text;

import dev.winnow.runtime.LongTextPolicy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts a tokenized text into model-sized windows. Each window keeps the text's opening and
 * closing special tokens so it looks like a whole text to the model.
 *
 * <p>A (context, text) pair is windowed on its text: the context keeps its most recent tokens,
 * at most {@link #CONTEXT_SHARE} of the room the template's special tokens leave unless the text
 * leaves it more, and every window of the text repeats that context.
 */
public final class Windows {

  /** The windows of one text, and whether any of its tokens were left out. */
  public record Split(List<TokenizedText> windows, boolean truncated) {}

  /**
   * Most of a window a pair's context may take when the text needs the room: the text is what is
   * judged, so it always keeps at least the other half (and, when chunking, more than the stride).
   */
  public static final double CONTEXT_SHARE = 0.5;

  private final int maxTokens;
  private final LongTextPolicy policy;
  private final int stride;
  private final int maxWindows;

  public Windows(int maxTokens, LongTextPolicy policy, int stride, int maxWindows) {
    this.maxTokens = maxTokens;
    this.policy = policy;
    this.stride = stride;
    this.maxWindows = maxWindows;
  }

  public Split split(TokenizedText text) {
    if (text.length() <= maxTokens) {
      return new Split(List.of(text), false);
    }
    int content = maxTokens - text.prefix() - text.suffix();
    if (policy == LongTextPolicy.CHUNK && content <= stride) {
      throw new IllegalArgumentException(
          "window of " + maxTokens + " tokens leaves no room for content beyond stride " + stride);
    }
    int step = policy == LongTextPolicy.TRUNCATE ? content : content - stride;
    int limit = policy == LongTextPolicy.TRUNCATE ? 1 : maxWindows;
    List<TokenizedText> windows = new ArrayList<>();
    int start = 0;
    int end = 0;
    while (windows.size() < limit) {
      end = Math.min(text.contentLength(), start + content);
      windows.add(window(text, start, end));
      if (end == text.contentLength()) {
        break;
      }
      start += step;
    }
    return new Split(windows, end < text.contentLength());
  }

  /** The windows of a pair's text, each carrying the context's tail; see the class comment. */
  public Split split(TokenizedPair pair) {
    int room = Math.max(0, maxTokens - pair.specialTokens());
    int share = (int) (room * CONTEXT_SHARE);
    if (policy == LongTextPolicy.CHUNK) {
      // Chunked windows must advance: leave the text more than the stride, however small the window.
      share = Math.max(0, Math.min(share, room - stride - 1));
    }
    int context = Math.min(pair.contextLength(), Math.max(share, room - pair.textLength()));
    return split(pair.keepingContextTail(context));
  }

  private static TokenizedText window(TokenizedText text, int from, int to) {
    int head = text.prefix();
    int tail = text.suffix();
    int length = head + (to - from) + tail;
    long[] ids = new long[length];
    long[] types = new long[length];
    copy(text, 0, head, ids, types, 0);
    copy(text, head + from, to - from, ids, types, head);
    copy(text, text.length() - tail, tail, ids, types, head + to - from);
    return new TokenizedText(ids, types, head, tail);
  }

  private static void copy(TokenizedText text, int from, int count, long[] ids, long[] types, int at) {
    System.arraycopy(text.ids(), from, ids, at, count);
    System.arraycopy(text.typeIds(), from, types, at, count);
  }

  @Override
  public String toString() {
    return "Windows" + Arrays.asList(maxTokens, policy, stride, maxWindows);
  }
}
