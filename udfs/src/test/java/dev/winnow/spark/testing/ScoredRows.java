package dev.winnow.spark.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winnow.runtime.InferenceOptions;
import dev.winnow.runtime.TextScore;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;

/** Checks scored rows column by column against {@link FakeClassifier#classify} on the same texts. */
public final class ScoredRows {

  private static final String[] NAMES = {"toxic", "self_harm", "hate_speech"};

  private ScoredRows() {}

  /**
   * @param prefix score column prefix
   * @param thresholds one per fake label, in label order
   */
  public static void assertMatchDirectClassify(
      List<Row> rows, String textColumn, String prefix, InferenceOptions options, float[] thresholds) {
    FakeClassifier direct = new FakeClassifier(options);
    for (Row row : rows) {
      String text = row.getAs(textColumn);
      String where = "row with text '" + text + "'";
      if (text == null || text.isBlank()) {
        for (String name : NAMES) {
          assertTrue(row.isNullAt(row.fieldIndex(prefix + name)), where);
        }
        assertEquals(List.of(), row.getList(row.fieldIndex("flags")), where);
        assertFalse(row.<Boolean>getAs("flagged"), where);
        assertTrue(row.isNullAt(row.fieldIndex("max_score")), where);
        assertEquals(0, row.<Integer>getAs("n_tokens"), where);
        assertEquals(0, row.<Integer>getAs("n_windows"), where);
        assertFalse(row.<Boolean>getAs("truncated"), where);
        assertEquals(text == null ? TextScore.NULL_TEXT : TextScore.EMPTY_TEXT, row.getAs("skip_reason"), where);
        continue;
      }
      TextScore expected = direct.classify(List.of(text)).get(0);
      List<String> flags = new ArrayList<>();
      float max = Float.NEGATIVE_INFINITY;
      for (int l = 0; l < NAMES.length; l++) {
        float s = expected.scores()[l];
        assertEquals(s, row.<Float>getAs(prefix + NAMES[l]), where + ", " + NAMES[l]);
        max = Math.max(max, s);
        if (s >= thresholds[l]) {
          flags.add(NAMES[l]);
        }
      }
      assertEquals(flags, row.getList(row.fieldIndex("flags")), where);
      assertEquals(!flags.isEmpty(), row.<Boolean>getAs("flagged"), where);
      assertEquals(max, row.<Float>getAs("max_score"), where);
      assertEquals(expected.tokens(), row.<Integer>getAs("n_tokens"), where);
      assertEquals(expected.windows(), row.<Integer>getAs("n_windows"), where);
      assertEquals(expected.truncated(), row.<Boolean>getAs("truncated"), where);
      assertEquals(FakeClassifier.INFO.id(), row.getAs("model"), where);
      assertNull(row.getAs("skip_reason"), where);
    }
  }
}
