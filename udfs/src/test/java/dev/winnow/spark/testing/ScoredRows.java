package dev.winnow.spark.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winnow.runtime.InferenceOptions;
import dev.winnow.runtime.TextClassifier;
import dev.winnow.runtime.TextScore;
import dev.winnow.spark.LabelNames;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.Row;

/**
 * Checks scored rows column by column against a direct {@code classify} (or {@code classifyPairs})
 * call on the same texts.
 */
public final class ScoredRows {

  private ScoredRows() {}

  /**
   * Against {@link FakeClassifier}.
   *
   * @param prefix score column prefix
   * @param thresholds one per fake label, in label order
   */
  public static void assertMatchDirectClassify(
      List<Row> rows, String textColumn, String prefix, InferenceOptions options, float[] thresholds) {
    assertMatchDirectClassify(rows, textColumn, prefix, new FakeClassifier(options), thresholds, 0f);
  }

  /**
   * Against any classifier: scores within {@code tolerance} (a real model's batch composition moves
   * the last bits), everything else exact.
   */
  public static void assertMatchDirectClassify(List<Row> rows, String textColumn, String prefix,
      TextClassifier direct, float[] thresholds, float tolerance) {
    assertMatch(rows, textColumn, prefix, direct, thresholds, tolerance,
        row -> direct.classify(List.of(row.<String>getAs(textColumn))).get(0));
  }

  /** As {@link #assertMatchDirectClassify}, each row's text scored with its context as a pair. */
  public static void assertMatchDirectClassifyPairs(List<Row> rows, String contextColumn, String textColumn,
      String prefix, TextClassifier direct, float[] thresholds, float tolerance) {
    assertMatch(rows, textColumn, prefix, direct, thresholds, tolerance,
        row -> direct.classifyPairs(Arrays.asList(row.<String>getAs(contextColumn)),
            List.of(row.<String>getAs(textColumn))).get(0));
  }

  private static void assertMatch(List<Row> rows, String textColumn, String prefix, TextClassifier direct,
      float[] thresholds, float tolerance, Function<Row, TextScore> directScore) {
    String[] names = LabelNames.sanitizeAll(direct.info().labels()).toArray(new String[0]);
    for (Row row : rows) {
      String text = row.getAs(textColumn);
      String where = "row with text '" + text + "'";
      if (text == null || text.isBlank()) {
        for (String name : names) {
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
      TextScore expected = directScore.apply(row);
      List<String> flags = new ArrayList<>();
      float max = Float.NEGATIVE_INFINITY;
      for (int l = 0; l < names.length; l++) {
        float s = expected.scores()[l];
        float actual = row.<Float>getAs(prefix + names[l]);
        assertEquals(s, actual, tolerance, where + ", " + names[l]);
        max = Math.max(max, actual);
        if (actual >= thresholds[l]) {
          flags.add(names[l]);
        }
      }
      assertEquals(flags, row.getList(row.fieldIndex("flags")), where);
      assertEquals(!flags.isEmpty(), row.<Boolean>getAs("flagged"), where);
      assertEquals(max, row.<Float>getAs("max_score"), where);
      assertEquals(expected.tokens(), row.<Integer>getAs("n_tokens"), where);
      assertEquals(expected.windows(), row.<Integer>getAs("n_windows"), where);
      assertEquals(expected.truncated(), row.<Boolean>getAs("truncated"), where);
      assertEquals(direct.info().id(), row.getAs("model"), where);
      assertNull(row.getAs("skip_reason"), where);
    }
  }
}
