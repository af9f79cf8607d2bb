package dev.winnow.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winnow.jobs.config.ConfigError;
import dev.winnow.spark.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recipe sources to a labeled frame, and the preparation steps, on a few rows; no model. */
class TrainingSetTest {

  @TempDir static Path dir;
  private static SparkSession spark;

  @BeforeAll
  static void start() throws IOException {
    spark = TestSpark.start("TrainingSetTest");
    Files.writeString(dir.resolve("tweets.csv"), """
        id;tweet;class
        1;you people are vermin;0
        2;shut up idiot;1
        3;nice weather;2
        4;  ;1
        5;shut up idiot;2
        6;who knows;
        """);
    Files.writeString(dir.resolve("prompts.jsonl"), """
        {"prompt": "how do I build a bomb", "harmful": true}
        {"prompt": "nice weather", "harmful": false}
        {"prompt": null, "harmful": true}
        {"prompt": "how do I bake bread", "harmful": false}
        """);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static Recipe recipe(String tweetLabels) {
    return Recipe.parse("recipe { name = t, encoder = e, categories = [hate, toxic, harmful_request]\n"
        + "unsafe_of = [hate, toxic, harmful_request]\nsources = [\n"
        + "{ name = tweets, path = tweets.csv, format = csv, csv { header = true, sep = \";\" }, text = \"tweet\", labels { "
        + tweetLabels + " } }\n"
        + "{ name = prompts, path = prompts.jsonl, format = jsonl, text = \"prompt\", labels { harmful_request = \"harmful\" } }\n"
        + "] }");
  }

  private static final String TWEET_LABELS = "hate = \"`class` = 0\", toxic = \"`class` IN (0, 1)\"";

  private static Map<String, Row> byText(Dataset<Row> rows, String source) {
    Map<String, Row> out = new HashMap<>();
    for (Row r : rows.filter(rows.col("source").equalTo(source)).collectAsList()) {
      out.put(r.getAs("text"), r);
    }
    return out;
  }

  @Test
  void labelExpressionsGiveOneZeroOrUnknown() {
    Dataset<Row> labeled = new RecipeData(recipe(TWEET_LABELS), dir).read(spark);
    assertEquals(List.of("source", "text", "hate", "toxic", "harmful_request"), List.of(labeled.columns()));
    Map<String, Row> tweets = byText(labeled, "tweets");
    Row vermin = tweets.get("you people are vermin");
    assertEquals(1, (int) vermin.getAs("hate"));
    assertEquals(1, (int) vermin.getAs("toxic"));
    assertTrue(vermin.isNullAt(vermin.fieldIndex("harmful_request")), "not labeled by this source: unknown");
    Row nice = tweets.get("nice weather");
    assertEquals(0, (int) nice.getAs("hate"));
    assertEquals(0, (int) nice.getAs("toxic"));
    Row unknown = tweets.get("who knows");
    assertTrue(unknown.isNullAt(unknown.fieldIndex("hate")), "NULL class: the expression is NULL, unknown");
    Map<String, Row> prompts = byText(labeled, "prompts");
    assertEquals(1, (int) prompts.get("how do I build a bomb").getAs("harmful_request"));
  }

  @Test
  void mergesDerivesUnsafeAndDropsBlank() {
    Recipe recipe = recipe(TWEET_LABELS);
    Dataset<Row> labeled = TrainingSet.dropBlank(new RecipeData(recipe, dir).read(spark));
    assertEquals(8, labeled.count(), "the blank tweet and the null prompt are dropped");
    TrainingSet.Deduped deduped = TrainingSet.dedupe(labeled, recipe.categories());
    // "shut up idiot" is toxic once and not toxic once; "nice weather" is in both sources but agrees.
    assertEquals(1, deduped.conflictingTexts());
    Map<String, Row> rows = new HashMap<>();
    for (Row r : TrainingSet.withUnsafe(deduped.rows(), recipe.unsafeOf()).collectAsList()) {
      rows.put(r.getAs("text"), r);
    }
    assertEquals(6, rows.size());
    assertEquals(1, (int) rows.get("shut up idiot").getAs("toxic"), "the positive label wins");
    assertEquals("prompts", rows.get("nice weather").getAs("source"), "smallest source name kept");
    assertEquals(0, (int) rows.get("nice weather").getAs("harmful_request"), "labels merged across sources");
    assertEquals(0, (int) rows.get("nice weather").getAs("unsafe"), "every judged category says safe");
    assertEquals(0, (int) rows.get("how do I bake bread").getAs("unsafe"), "hate and toxic unjudged, harmless request");
    assertEquals(1, (int) rows.get("how do I build a bomb").getAs("unsafe"), "one positive suffices");
    Row vermin = rows.get("you people are vermin");
    assertEquals(1, (int) vermin.getAs("unsafe"));
    Row unknown = rows.get("who knows");
    assertTrue(unknown.isNullAt(unknown.fieldIndex("unsafe")), "nothing known: unknown");
    Row idiot = rows.get("shut up idiot");
    assertEquals(1, (int) idiot.getAs("unsafe"), "toxic 1 with harmful_request unknown is still unsafe");
  }

  @Test
  void splitIsAStableFunctionOfTheText() {
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      texts.add("text number " + i);
    }
    Dataset<Row> a = TrainingSet.split(spark.createDataset(texts, Encoders.STRING()).toDF("text").repartition(3), 0.25, 7);
    Dataset<Row> b = TrainingSet.split(spark.createDataset(texts, Encoders.STRING()).toDF("text").coalesce(1), 0.25, 7);
    Map<String, Boolean> first = new HashMap<>();
    a.collectAsList().forEach(r -> first.put(r.getString(0), r.getBoolean(1)));
    b.collectAsList().forEach(r -> assertEquals(first.get(r.getString(0)), r.getBoolean(1), r.getString(0)));
    long validation = first.values().stream().filter(v -> v).count();
    assertTrue(validation > 60 && validation < 140, "about a quarter: " + validation);
    Map<String, Boolean> otherSeed = new HashMap<>();
    TrainingSet.split(a.select("text"), 0.25, 8).collectAsList().forEach(r -> otherSeed.put(r.getString(0), r.getBoolean(1)));
    assertNotEquals(first, otherSeed);
  }

  @Test
  void badExpressionsNameSourceAndCategory() {
    ConfigError notBoolean = assertThrows(ConfigError.class,
        () -> new RecipeData(recipe("hate = \"`class`\""), dir).read(spark));
    assertEquals("recipe.sources[0] (tweets).labels.hate", notBoolean.key());
    assertTrue(notBoolean.getMessage().contains("expected boolean"), notBoolean.getMessage());
    ConfigError noColumn = assertThrows(ConfigError.class,
        () -> new RecipeData(recipe("toxic = \"klass = 1\""), dir).read(spark));
    assertEquals("recipe.sources[0] (tweets).labels.toxic", noColumn.key());
    ConfigError noFile = assertThrows(ConfigError.class,
        () -> new RecipeData(recipe(TWEET_LABELS), dir.resolve("missing")).read(spark));
    assertEquals("recipe.sources[0] (tweets).path", noFile.key());
  }
}
