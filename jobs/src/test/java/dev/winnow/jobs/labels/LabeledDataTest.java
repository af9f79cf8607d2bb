package dev.winnow.jobs.labels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winnow.jobs.config.ConfigError;
import dev.winnow.jobs.config.InputSpec;
import dev.winnow.jobs.config.LabelSpec;
import dev.winnow.jobs.io.InputFormat;
import dev.winnow.spark.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabeledDataTest {

  @TempDir static Path dir;
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = TestSpark.start("LabeledDataTest");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static InputSpec input(Path file) {
    return new InputSpec(file.toString(), InputFormat.AUTO, "text", Optional.of("id"), Map.of("header", "true"));
  }

  /** id -> [label_<c>... , label_any] in category order. */
  private static List<List<Integer>> labels(LabeledFrame frame) {
    List<String> columns = new ArrayList<>();
    frame.categories().forEach(c -> columns.add(LabeledFrame.column(c)));
    columns.add(LabeledFrame.column(LabeledFrame.ANY));
    List<List<Integer>> out = new ArrayList<>();
    for (Row r : frame.data().orderBy("id").selectExpr(columns.toArray(new String[0])).collectAsList()) {
      List<Integer> row = new ArrayList<>();
      for (int i = 0; i < r.size(); i++) {
        row.add(r.isNullAt(i) ? null : r.getInt(i));
      }
      out.add(row);
    }
    return out;
  }

  @Test
  void perCategoryColumnsOfAnyTypeWithUnknowns() throws IOException {
    // CSV reads everything as strings; -1 and empty mean "not labeled", as in Jigsaw's test labels.
    Path csv = Files.writeString(dir.resolve("l.csv"), """
        id,text,Toxic,Severe Toxic
        1,a,1,0
        2,b,0,0
        3,c,-1,-1
        4,d,0,-1
        5,e,-1,1
        """);
    LabeledFrame f = LabeledData.read(spark, LabelSpec.columns("Toxic", "Severe Toxic"), input(csv));
    assertEquals(List.of("toxic", "severe_toxic"), f.categories(), "names sanitized like score columns");
    assertEquals(List.of(
        Arrays.asList(1, 0, 1),
        Arrays.asList(0, 0, 0),
        Arrays.asList(null, null, null),
        Arrays.asList(0, null, null),   // not all known, none positive: any is unknown
        Arrays.asList(null, 1, 1)),     // one known positive is enough
        labels(f));
    assertTrue(Arrays.asList(f.data().columns()).containsAll(List.of("id", "text", "Toxic", "Severe Toxic")));

    // JSON: ints, booleans and nulls
    Path json = Files.writeString(dir.resolve("l.jsonl"), """
        {"id": 1, "text": "a", "hate": true, "spam": 1}
        {"id": 2, "text": "b", "hate": false, "spam": null}
        """);
    LabeledFrame j = LabeledData.read(spark, LabelSpec.columns("hate", "spam"), input(json));
    assertEquals(List.of(Arrays.asList(1, 1, 1), Arrays.asList(0, null, null)), labels(j));
  }

  @Test
  void arrayOfCategoryNames() throws IOException {
    Path json = Files.writeString(dir.resolve("a.jsonl"), """
        {"id": 1, "text": "a", "tags": ["Toxic", "insult"]}
        {"id": 2, "text": "b", "tags": []}
        {"id": 3, "text": "c", "tags": null}
        {"id": 4, "text": "d", "tags": ["toxic", null]}
        """);
    LabeledFrame seen = LabeledData.read(spark, LabelSpec.array("tags"), input(json));
    assertEquals(List.of("insult", "toxic"), seen.categories());
    assertEquals(List.of(Arrays.asList(1, 1, 1), Arrays.asList(0, 0, 0), Arrays.asList(null, null, null),
        Arrays.asList(0, 1, 1)), labels(seen));

    // Declared categories: one nobody has is still a known 0.
    LabeledFrame declared = LabeledData.read(spark, LabelSpec.array("tags", "toxic", "insult", "Self-Harm"), input(json));
    assertEquals(List.of("toxic", "insult", "self_harm"), declared.categories());
    assertEquals(Arrays.asList(1, 1, 0, 1), labels(declared).get(0));

    ConfigError undeclared = assertThrows(ConfigError.class,
        () -> LabeledData.read(spark, LabelSpec.array("tags", "toxic"), input(json)));
    assertEquals("labels.categories", undeclared.key());
    assertTrue(undeclared.getMessage().contains("'insult'"), undeclared.getMessage());
    ConfigError notArray = assertThrows(ConfigError.class,
        () -> LabeledData.read(spark, LabelSpec.array("text"), input(json)));
    assertEquals("labels.array_column", notArray.key());
  }

  @Test
  void matchingTheModelsLabels() throws IOException {
    Path json = Files.writeString(dir.resolve("m.jsonl"), """
        {"id": 1, "text": "a", "toxic": 1, "spam": 1, "Self Harm": 0}
        {"id": 2, "text": "b", "toxic": 0, "spam": 0, "Self Harm": 0}
        """);
    LabeledFrame f = LabeledData.read(spark, LabelSpec.columns("toxic", "spam", "Self Harm"), input(json));
    List<String> model = List.of("toxic", "Self-Harm", "hate speech");

    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> f.alignTo(model, false));
    assertTrue(unknown.getMessage().contains("'spam'") && unknown.getMessage().contains("labels.ignore_unknown"),
        unknown.getMessage());

    LabeledFrame aligned = f.alignTo(model, true);
    assertEquals(List.of("toxic", "self_harm"), aligned.categories(), "model order");
    assertTrue(aligned.notes().stream().anyMatch(n -> n.contains("'spam'") && n.contains("ignored")), aligned.notes().toString());
    assertTrue(aligned.notes().stream().anyMatch(n -> n.contains("'hate_speech'") && n.contains("left out")),
        aligned.notes().toString());
    assertTrue(!Arrays.asList(aligned.data().columns()).contains("label_spam"));
    // any is recomputed over the model's categories: spam no longer counts
    assertEquals(List.of(Arrays.asList(1, 0, 1), Arrays.asList(0, 0, 0)), labels(aligned));

    assertEquals("labels.columns", assertThrows(ConfigError.class,
        () -> LabeledData.read(spark, LabelSpec.columns("toxic", "nope"), input(json))).key());
    assertEquals("labels.columns", assertThrows(ConfigError.class,
        () -> LabeledData.read(spark, LabelSpec.columns("toxic", "TOXIC!"), input(json.resolveSibling("m.jsonl")))).key());
  }

  @Test
  void aBadLabelValueNamesTheRow() throws IOException {
    Path json = Files.writeString(dir.resolve("bad.jsonl"), """
        {"id": 1, "text": "a", "toxic": 1}
        {"id": 7, "text": "b", "toxic": 2}
        """);
    LabeledFrame f = LabeledData.read(spark, LabelSpec.columns("toxic"), input(json));
    Exception e = assertThrows(Exception.class, () -> f.data().collectAsList());
    String message = String.valueOf(e.getMessage());
    assertTrue(message.contains("row id=7") && message.contains("'toxic'") && message.contains("'2'"), message);
  }
}
