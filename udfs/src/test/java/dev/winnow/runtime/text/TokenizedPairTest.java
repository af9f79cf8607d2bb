package dev.winnow.runtime.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winnow.runtime.LongTextPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pair layout from sequence ids, and how a pair's window is shared between context and text. */
class TokenizedPairTest {

  private static final long CLS = 101;
  private static final long SEP = 102;

  /** [CLS] c.. [SEP] t.. [SEP] with context ids 1000+i and text ids 2000+i. */
  private static TokenizedPair bertPair(int contextTokens, int textTokens) {
    int length = 3 + contextTokens + textTokens;
    long[] ids = new long[length];
    long[] types = new long[length];
    long[] sequences = new long[length];
    int at = 0;
    ids[at] = CLS;
    sequences[at++] = -1;
    for (int i = 0; i < contextTokens; i++) {
      ids[at] = 1000 + i;
      sequences[at++] = 0;
    }
    ids[at] = SEP;
    sequences[at++] = -1;
    for (int i = 0; i < textTokens; i++) {
      ids[at] = 2000 + i;
      types[at] = 1;
      sequences[at++] = 1;
    }
    ids[at] = SEP;
    types[at] = 1;
    sequences[at] = -1;
    return TokenizedPair.fromSequenceIds(ids, types, sequences);
  }

  @Test
  void segmentsComeFromSequenceIds() {
    TokenizedPair pair = bertPair(4, 3);
    assertEquals(List.of(1, 5, 6, 9), List.of(pair.contextStart(), pair.contextEnd(), pair.textStart(), pair.textEnd()));
    assertEquals(3, pair.specialTokens());
    TokenizedText tail = pair.keepingContextTail(2);
    assertArrayEquals(new long[] {CLS, 1002, 1003, SEP, 2000, 2001, 2002, SEP}, tail.ids());
    assertArrayEquals(new long[] {0, 0, 0, 0, 1, 1, 1, 1}, tail.typeIds());
    assertEquals(4, tail.prefix(), "specials, kept context and separator repeat in every window");
    assertEquals(1, tail.suffix());
  }

  @Test
  void aSideThatTokenizedToNothingIsAnEmptySegment() {
    TokenizedPair noContext = bertPair(0, 3);
    assertEquals(0, noContext.contextLength());
    assertEquals(3, noContext.textLength());
    assertEquals(noContext.textStart(), noContext.contextEnd());
    TokenizedPair noText = bertPair(4, 0);
    assertEquals(4, noText.contextLength());
    assertEquals(0, noText.textLength());
    assertEquals(3, noText.specialTokens());
  }

  @Test
  void textBeforeContextIsRefused() {
    long[] ids = {CLS, 2000, SEP, 1000, SEP};
    var e = assertThrows(IllegalArgumentException.class,
        () -> TokenizedPair.fromSequenceIds(ids, new long[5], new long[] {-1, 1, -1, 0, -1}));
    assertTrue(e.getMessage().contains("context before the text"), e.getMessage());
  }

  @Test
  void theContextTakesWhatTheTextLeavesButAtMostHalfWhenTheTextNeedsIt() {
    Windows windows = new Windows(23, LongTextPolicy.CHUNK, 2, 10);
    // 20 tokens of room: a 5-token text leaves the context 15.
    Windows.Split shortText = windows.split(bertPair(30, 5));
    assertEquals(1, shortText.windows().size());
    assertEquals(23, shortText.windows().get(0).length());
    assertEquals(1 + 15 + 1, shortText.windows().get(0).prefix());
    assertEquals(1029, shortText.windows().get(0).ids()[15], "the context's last token is kept");
    // A 30-token text needs the room: the context gets half (10), windows of 10 text tokens.
    Windows.Split longText = windows.split(bertPair(30, 30));
    assertFalse(longText.truncated());
    assertEquals(4, longText.windows().size(), "30 tokens in windows of 10 with stride 2: starts 0, 8, 16, 24");
    for (TokenizedText window : longText.windows()) {
      assertEquals(1020, window.ids()[1], "every window repeats the context's last 10 tokens");
      assertEquals(12, window.prefix());
    }
    // A short context is kept whole.
    assertEquals(1 + 3 + 1, windows.split(bertPair(3, 30)).windows().get(0).prefix());
  }

  @Test
  void aChunkedTextKeepsMoreThanTheStride() {
    // 20 tokens of room, stride 12: half (10) would leave the text too little to advance.
    Windows windows = new Windows(23, LongTextPolicy.CHUNK, 12, 100);
    Windows.Split split = windows.split(bertPair(30, 40));
    assertEquals(1 + 7 + 1, split.windows().get(0).prefix(), "the context yields to the stride");
    assertEquals(23, split.windows().get(0).length());
    assertEquals(28, split.windows().size(), "13 text tokens a window, one new token each: starts 0..27");
    assertFalse(split.truncated());
  }
}
