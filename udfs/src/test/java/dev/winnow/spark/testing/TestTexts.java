package dev.winnow.spark.testing;

import java.util.ArrayList;
import java.util.List;

/** Forty texts covering what scoring must handle: loud, shouting, long, null, empty, blank. */
public final class TestTexts {

  private TestTexts() {}

  /** Rows 2 mod 8 are null, 3 mod 8 empty, 4 mod 8 blank; 5 mod 8 are longer than 8 tokens. */
  public static List<String> sample() {
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      texts.add(switch (i % 8) {
        case 0 -> "hello there number " + i;
        case 1 -> "STOP IT NOW!!! " + i;
        case 2 -> null;
        case 3 -> "";
        case 4 -> "   \t";
        case 5 -> "a fairly long text with many many words in it, more than eight tokens " + i;
        case 6 -> "Mixed Case Words! " + i;
        default -> "x".repeat(i);
      });
    }
    return texts;
  }
}
