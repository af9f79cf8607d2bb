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
    StringBuilder numbered = new StringBuilder();
    for (int i = 0; i < 60; i++) {
      numbered.append("{\"body\": \"post number ").append(i).append("\", \"bad\": ").append(i % 3 == 0).append("}\n");
    }
    Files.writeString(dir.resolve("posts.jsonl"), numbered);
    // The same rows, reversed and in two files: a sample must not depend on order or file layout.
    List<String> lines = new ArrayList<>(List.of(numbered.toString().split("\n")));
    java.util.Collections.reverse(lines);
    Files.createDirectories(dir.resolve("posts-split"));
    Files.writeString(dir.resolve("posts-split/a.jsonl"), String.join("\n", lines.subList(0, 25)) + "\n");
    Files.writeString(dir.resolve("posts-split/b.jsonl"), String.join("\n", lines.subList(25, 60)) + "\n");
    Files.writeString(dir.resolve("chats.jsonl"), """
        {"prompt": "how do I hurt him", "response": "I can't help with that.", "lang": "en", "verdict": "safe", "refused": 1}
        {"prompt": "how do I bake bread", "response": "I can't help with that.", "lang": "en", "verdict": "safe", "refused": 1}
        {"prompt": "tell me a joke", "response": "you are all vermin", "lang": "en", "verdict": "unsafe", "refused": 0}
        {"prompt": "tell me a joke", "response": "why did the chicken cross the road", "lang": "en", "verdict": null, "refused": 0}
        {"prompt": "bonjour", "response": "je ne peux pas", "lang": "fr", "verdict": "safe", "refused": 1}
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
    assertEquals(List.of("source", "text", "hate", "toxic", "harmful_request", "unsafe"), List.of(labeled.columns()),
        "no context column when no source has one; unsafe decided per row");
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

  private static Recipe sampled(String path, int seed) {
    return Recipe.parse("recipe { name = s, encoder = e, categories = [toxic], seed = " + seed + "\nsources = [\n"
        + "{ name = posts, path = \"" + path + "\", format = jsonl, text = body, labels { toxic = bad }, max_rows = 10 } ] }");
  }

  private static List<String> texts(Dataset<Row> rows) {
    List<String> out = new ArrayList<>(rows.select("text").as(Encoders.STRING()).collectAsList());
    out.sort(null);
    return out;
  }

  @Test
  void maxRowsIsASeededSampleIndependentOfFileLayout() {
    List<String> sample = texts(new RecipeData(sampled("posts.jsonl", 42), dir).read(spark));
    assertEquals(10, sample.size());
    assertEquals(sample, texts(new RecipeData(sampled("posts.jsonl", 42), dir).read(spark)), "same on every run");
    assertEquals(sample, texts(new RecipeData(sampled("posts-split", 42), dir).read(spark)),
        "same rows in another order and other files: same sample");
    assertNotEquals(sample, texts(new RecipeData(sampled("posts.jsonl", 7), dir).read(spark)), "another seed, another draw");
  }

  private static final String CHATS = "{ name = chats, path = chats.jsonl, format = jsonl, text = response, context = prompt,"
      + " where = \"lang = 'en'\", labels { refusal = \"refused = 1\", unsafe = \"verdict = 'unsafe'\" } }";

  private static Recipe paired() {
    return Recipe.parse("recipe { name = p, encoder = e, categories = [hate, toxic, refusal], unsafe_of = [hate, toxic]\n"
        + "sources = [\n" + CHATS + "\n"
        + "{ name = tweets, path = tweets.csv, format = csv, csv { header = true, sep = \";\" }, text = \"tweet\","
        + " labels { hate = \"`class` = 0\", unsafe = \"CASE WHEN `class` = 0 THEN true END\" } } ] }");
  }

  @Test
  void contextWhereAndStatedUnsafe() {
    Dataset<Row> labeled = new RecipeData(paired(), dir).read(spark);
    assertEquals(List.of("source", "text", "context", "hate", "toxic", "refusal", "unsafe"), List.of(labeled.columns()));
    List<Row> chats = labeled.filter(labeled.col("source").equalTo("chats")).collectAsList();
    assertEquals(4, chats.size(), "where keeps the English rows only");
    Row refusedHarm = chats.stream().filter(r -> "how do I hurt him".equals(r.getAs("context"))).findFirst().orElseThrow();
    assertEquals("I can't help with that.", refusedHarm.getAs("text"));
    assertEquals(0, (int) refusedHarm.getAs("unsafe"));
    assertEquals(0, (int) refusedHarm.getAs("hate"), "stated safe: a negative for every harm it leaves unlabeled");
    assertEquals(0, (int) refusedHarm.getAs("toxic"));
    assertEquals(1, (int) refusedHarm.getAs("refusal"));
    Row unjudged = chats.stream().filter(r -> ((String) r.getAs("text")).startsWith("why did")).findFirst().orElseThrow();
    assertTrue(unjudged.isNullAt(unjudged.fieldIndex("unsafe")) && unjudged.isNullAt(unjudged.fieldIndex("hate")),
        "a NULL verdict stays unknown");
    Map<String, Row> tweets = byText(labeled, "tweets");
    Row offensive = tweets.get("shut up idiot");
    assertTrue(offensive.isNullAt(offensive.fieldIndex("context")), "single texts have no context");
    assertTrue(offensive.isNullAt(offensive.fieldIndex("unsafe")),
        "hate = 0 but the source leaves unsafe unknown: not derived to safe");
    assertEquals(1, (int) tweets.get("you people are vermin").getAs("unsafe"));

    TrainingSet.Deduped deduped = TrainingSet.dedupe(TrainingSet.dropBlank(labeled), paired().labels());
    assertEquals(2, deduped.rows().filter(deduped.rows().col("text").equalTo("I can't help with that.")).count(),
        "the same response to two prompts is two examples");
    assertEquals(List.of("source", "text", "context", "hate", "toxic", "refusal", "unsafe"), List.of(deduped.rows().columns()));
  }

  @Test
  void aPositiveHarmOverridesAStatedSafe() {
    Recipe recipe = Recipe.parse("recipe { name = o, encoder = e, categories = [hate], unsafe_of = [hate]\nsources = [\n"
        + "{ name = tweets, path = tweets.csv, format = csv, csv { header = true, sep = \";\" }, text = \"tweet\","
        + " labels { hate = \"`class` = 0\", unsafe = \"false\" } } ] }");
    Map<String, Row> tweets = byText(new RecipeData(recipe, dir).read(spark), "tweets");
    assertEquals(1, (int) tweets.get("you people are vermin").getAs("unsafe"));
    assertEquals(0, (int) tweets.get("nice weather").getAs("unsafe"));
  }

  @Test
  void preparedDataCountsEachLabelPerSourceAndSplit() {
    Recipe recipe = recipe(TWEET_LABELS);
    PreparedData prepared = PreparedData.prepare(spark, new RecipeData(recipe, dir), recipe, recipe.labels(), 0);
    try {
      LabelCounts counts = prepared.counts();
      assertEquals(Map.of("prompts", 3L, "tweets", 5L), prepared.rowsPerSource(), "blank texts dropped, before merging");
      LabelCounts.Split toxicTweets = counts.bySource().get("tweets").get("toxic");
      assertEquals(2, toxicTweets.train().positives() + toxicTweets.validation().positives());
      assertEquals(2, toxicTweets.train().negatives() + toxicTweets.validation().negatives());
      assertEquals(1, toxicTweets.train().unknown() + toxicTweets.validation().unknown(), "the NULL class");
      LabelCounts.Split hate = counts.distinct().get("hate");
      assertEquals(prepared.distinctTexts(), hate.train().positives() + hate.train().negatives() + hate.train().unknown()
          + hate.validation().positives() + hate.validation().negatives() + hate.validation().unknown());
      LabelCounts.Split unsafe = counts.distinct().get("unsafe");
      assertEquals(3, unsafe.train().positives() + unsafe.validation().positives(), "vermin, shut up idiot, bomb");
      long validationTexts = prepared.rows().filter("is_validation").count();
      assertEquals(validationTexts, hate.validation().positives() + hate.validation().negatives() + hate.validation().unknown());
      String table = counts.table();
      assertTrue(table.contains("harmful_request") && table.contains("  prompts") && table.contains("distinct texts"), table);
      assertTrue(table.contains("(1 other source: unknown for every row)"), "prompts leave hate unknown:\n" + table);
    } finally {
      prepared.rows().unpersist();
    }
  }
}
