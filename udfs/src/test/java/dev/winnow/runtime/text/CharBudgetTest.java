package dev.winnow.runtime.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.winnow.runtime.LongTextPolicy;
import org.junit.jupiter.api.Test;

class CharBudgetTest {

  @Test
  void budgetFollowsWhatTheWindowsCanHold() {
    assertEquals(512L, new Windows(512, LongTextPolicy.TRUNCATE, 64, 16).tokenCapacity());
    assertEquals(512L * 16, new Windows(512, LongTextPolicy.CHUNK, 64, 16).tokenCapacity());
    assertEquals(512 * 16 * CharBudget.CHARS_PER_TOKEN, CharBudget.forTokens(512L * 16).maxChars());
    assertEquals(Integer.MAX_VALUE - 8, CharBudget.forTokens(Long.MAX_VALUE / 256).maxChars());
    assertThrows(IllegalArgumentException.class, () -> new CharBudget(0));
  }

  @Test
  void cutsOnlyLongTextsAndNeverSplitsASurrogatePair() {
    CharBudget budget = new CharBudget(4);
    String fits = "abcd";
    assertSame(fits, budget.cut(fits));
    assertEquals("abcd", budget.cut("abcdef"));
    String emoji = "\uD83D\uDC4D";  // one code point, two chars
    assertEquals("abc", budget.cut("abc" + emoji + "x"), "the pair is dropped whole");
    assertEquals("ab" + emoji, budget.cut("ab" + emoji + "x"));
    assertEquals("abc\uD800", budget.cut("abc\uD800x"), "a lone high surrogate is just a char");
    assertEquals("cdef", budget.cutTail("abcdef"), "a context keeps its most recent part");
    assertEquals(emoji + "xy", budget.cutTail("a" + emoji + "xy"));
    assertEquals("xyz", budget.cutTail("ab" + emoji + "xyz"), "the pair is dropped whole");
  }
}
