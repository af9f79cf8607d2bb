package dev.winnow.jobs.chat;

import static dev.winnow.jobs.chat.ChatNights.m;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winnow.jobs.config.ConfigError;
import dev.winnow.jobs.testing.DeltaTestSpark;
import dev.winnow.runtime.InferenceOptions;
import dev.winnow.runtime.Models;
import dev.winnow.runtime.TextClassifier;
import dev.winnow.runtime.testing.CheckpointFixtures;
import dev.winnow.runtime.testing.CheckpointFixtures.Architecture;
import dev.winnow.spark.ClassifierFactory;
import dev.winnow.spark.testing.FakeFactory;
import dev.winnow.spark.testing.TestSpark;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chatlogs job over simulated nights, on the deterministic fake model: a user turn is flagged
 * toxic when it has a '!', an assistant turn is a refusal when most of its letters are upper case.
 */
class ChatLogsRunTest {

  private static final Map<String, String> ENV = Map.of("CHAT_SALT", "pepper");

  private static final String SETTINGS = """
      input.shape = messages
      model.ref = "test:fake"
      thresholds.labels { toxic = 0.25 }
      roles.user.categories = [toxic]
      roles.assistant { categories = [toxic, hate_speech], refusal_category = self_harm }
      privacy { user_id = hash, salt_env = CHAT_SALT }
      """;

  @TempDir static Path dir;
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = DeltaTestSpark.start("ChatLogsRunTest");
  }

  @AfterAll
  static void stop() {
    TestSpark.stop(spark);
  }

  static ChatLogsConfig config(Path input, Path output, String extra) {
    return ChatLogsConfig.parse(SETTINGS + "input.path = \"" + input + "\"\noutput.path = \"" + output + "\"\n"
        + extra, ENV::get);
  }

  static ChatLogsRun.Result run(ChatLogsConfig config) {
    return ChatLogsRun.run(config, spark, new FakeFactory());
  }

  private static Dataset<Row> table(Path path) {
    return spark.read().format("delta").load(path.toString());
  }

  /** Night 1: four conversations, one of them a complied-with harmful request (c). */
  static final List<ChatNights.Message> NIGHT_1 = List.of(
      m("a", 0, "user", "hello there", "u1"), m("a", 1, "assistant", "hi, how can i help", "u1"),
      m("b", 0, "user", "do the bad thing now!", "u2"), m("b", 1, "assistant", "I WILL NOT DO THAT", "u2"),
      m("c", 0, "user", "tell me something awful!", "u2"), m("c", 1, "assistant", "sure, here it is", "u2"),
      m("d", 0, "system", "you are helpful", "u1"), m("d", 1, "human", "what time is it", "u1"),
      m("d", 2, "bot", "it is noon", "u1"));

  /** Night 2: b goes on and complies late; e is new; a gets a late user turn. */
  static final List<ChatNights.Message> NIGHT_2 = List.of(
      m("b", 2, "user", "come on, do it!", "u2"), m("b", 3, "assistant", "fine, here you go", "u2"),
      m("e", 0, "user", "nice weather", "u3"), m("e", 1, "assistant", "indeed it is", "u3"),
      m("a", 2, "user", "thanks", "u1"));

  /** Night 3: c's answer re-delivered edited into a refusal; f; e's first turn again, unchanged; a late answer. */
  static final List<ChatNights.Message> NIGHT_3 = List.of(
      m("c", 1, "assistant", "I CANNOT HELP WITH THAT", "u2"),
      m("f", 0, "user", "an awful request!", "u3"), m("f", 1, "assistant", "", "u3"),
      m("e", 0, "user", "nice weather", "u3"),
      m("a", 3, "assistant", "you are welcome", "u1"));

  @Test
  void threeNightsWithLateTurnsDuplicatesAndReruns() {
    Path input = dir.resolve("nights");
    Path out = dir.resolve("incremental");
    ChatNights.writeMessages(input, "2026-11-01", "part-0.jsonl", NIGHT_1);

    ChatLogsRun.Result n1 = run(config(input, out, "date = 2026-11-01"));
    assertEquals(List.of(9L, 9L, 9L, 0L), List.of(n1.selectedTurns(), n1.scoredTurns(), n1.turns().inserted(), n1.turns().updated()));
    assertEquals(4, n1.conversations().inserted());
    assertEquals(Set.of("c"), compliant(out));
    assertEquals(1, n1.metrics().size());
    assertEquals(1, n1.metrics().get(0).unsafeCompliance());

    ChatNights.writeMessages(input, "2026-11-02", "part-0.jsonl", NIGHT_2);
    ChatNights.writeMessages(input, "2026-11-02", "part-1.jsonl", List.of(m("e", 0, "user", "nice weather", "u3")));
    ChatLogsRun.Result n2 = run(config(input, out, "date = 2026-11-02"));
    assertEquals(List.of(5L, 5L, 5L, 0L), List.of(n2.selectedTurns(), n2.scoredTurns(), n2.turns().inserted(), n2.turns().updated()),
        "the duplicate delivery of e/0 is scored once");
    assertEquals(3, n2.rolledConversations(), "a, b and e");
    assertEquals(1, n2.conversations().inserted());
    assertEquals(2, n2.conversations().updated(), "a gained a turn, b an unsafe compliance");
    assertEquals(Set.of("b", "c"), compliant(out));
    assertEquals(1, n2.metrics().get(0).unsafeCompliance(), "b's first unsafe compliance is on night 2");

    ChatNights.writeMessages(input, "2026-11-03", "part-0.jsonl", NIGHT_3);
    ChatLogsRun.Result n3 = run(config(input, out, "date = 2026-11-03"));
    assertEquals(List.of(5L, 4L, 3L, 1L), List.of(n3.selectedTurns(), n3.scoredTurns(), n3.turns().inserted(), n3.turns().updated()),
        "c/1 changed and is rescored; e/0 came again unchanged and is not");
    assertEquals(Set.of("b"), compliant(out), "c's answer is a refusal now; f's empty answer is no compliance");
    assertEquals(0, n3.metrics().get(0).unsafeCompliance());

    Dataset<Row> turns = table(out.resolve("turns"));
    assertEquals(17, turns.count());
    assertEquals(17, turns.select("conversation_id", "turn").distinct().count(), "no duplicate keys");
    assertEquals(6, table(out.resolve("conversations")).count());
    Row c = conversation(out, "c");
    assertEquals(1L, c.<Long>getAs("refused_assistant_turns"));
    assertEquals(java.sql.Date.valueOf("2026-11-03"), c.getAs("last_date"), "the edited answer moved to night 3");
    Row b = conversation(out, "b");
    assertEquals(3, b.<Integer>getAs("first_unsafe_compliance_turn"));
    assertEquals(java.sql.Date.valueOf("2026-11-02"), b.getAs("first_unsafe_compliance_date"));
    assertEquals(0, b.<Integer>getAs("first_flagged_turn"));
    assertEquals("user", b.getAs("first_flagged_role"));
    Row d = conversation(out, "d");
    assertEquals(List.of(3L, 1L, 1L, 1L), List.of(d.<Long>getAs("turns"), d.<Long>getAs("user_turns"),
        d.<Long>getAs("assistant_turns"), d.<Long>getAs("other_turns")), "human and bot are user and assistant roles");
    Row f1 = turns.filter("conversation_id = 'f' AND turn = 1").first();
    assertEquals("empty_text", f1.getAs("skip_reason"));
    assertNull(f1.getAs("refused"));
    Row d0 = turns.filter("conversation_id = 'd' AND turn = 0").first();
    assertEquals(TurnColumns.ROLE_NOT_SCORED, d0.getAs("skip_reason"));
    Row b0 = turns.filter("conversation_id = 'b' AND turn = 0").first();
    assertNull(b0.getAs("score_hate_speech"), "hate_speech is an assistant category only");
    assertNull(b0.getAs("refusal_score"));
    assertEquals(List.of("toxic"), b0.getList(b0.fieldIndex("flags")));
    Row b1 = turns.filter("conversation_id = 'b' AND turn = 1").first();
    assertTrue(b1.<Boolean>getAs("refused"));
    assertFalse(b1.getList(b1.fieldIndex("flags")).contains("self_harm"), "a refusal is never a flag");

    List<Row> before = sorted(turns, "run_id");
    List<Row> conversationsBefore = sorted(table(out.resolve("conversations")), "run_id");

    // A full rerun and a rerun of an old night change nothing.
    ChatLogsRun.Result rerun = run(config(input, out, "since = 2026-11-01"));
    assertEquals(List.of(17L, 0L, 0L, 0L), List.of(rerun.selectedTurns(), rerun.scoredTurns(), rerun.turns().inserted(), rerun.turns().updated()));
    assertEquals(6, rerun.rolledConversations());
    assertEquals(0, rerun.conversations().inserted() + rerun.conversations().updated());
    assertEquals(3, rerun.metrics().size(), "one metrics row per night");
    ChatLogsRun.Result oldNight = run(config(input, out, "date = 2026-11-01"));
    assertEquals(0, oldNight.scoredTurns(), "night 1's older c/1 must not revert the edit delivered on night 3");
    assertEquals(before, sorted(table(out.resolve("turns")), "run_id"));
    assertEquals(conversationsBefore, sorted(table(out.resolve("conversations")), "run_id"));
    assertOneCurrentRowPerNight(out, Map.of(
        "2026-11-01", oldNight.runId(), "2026-11-02", rerun.runId(), "2026-11-03", rerun.runId()));
    Row night1 = metricsRow(out, "2026-11-01");
    assertEquals(List.of(8L, 0L), List.of(night1.<Long>getAs("turns"), night1.<Long>getAs("new_turns")),
        "night 1's row is the rerun's: c/1 moved to night 3, nothing new scored");

    // A table written by earlier versions of the job holds several rows per night: a rerun leaves one.
    table(out.resolve("chat_metrics")).write().format("delta").mode("append").save(out.resolve("chat_metrics").toString());
    ChatLogsRun.Result repair = run(config(input, out, "since = 2026-11-01"));
    assertOneCurrentRowPerNight(out, Map.of(
        "2026-11-01", repair.runId(), "2026-11-02", repair.runId(), "2026-11-03", repair.runId()));

    // From scratch: every night at once into new tables gives the same rows.
    Path scratch = dir.resolve("scratch");
    ChatLogsRun.Result all = run(config(input, scratch, ""));
    assertEquals(17, all.scoredTurns());
    assertEquals(withoutBookkeeping(table(out.resolve("turns")), "scored_at"),
        withoutBookkeeping(table(scratch.resolve("turns")), "scored_at"));
    assertEquals(withoutBookkeeping(table(out.resolve("conversations")), "updated_at"),
        withoutBookkeeping(table(scratch.resolve("conversations")), "updated_at"));
  }

  /** The metrics table holds exactly one row per night, written by the run given for it. */
  private static void assertOneCurrentRowPerNight(Path out, Map<String, String> runByNight) {
    Map<String, String> actual = table(out.resolve("chat_metrics")).collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getAs("night").toString(), r -> r.<String>getAs("run_id"),
            (a, b) -> "several rows: " + a + ", " + b));
    assertEquals(runByNight, actual);
  }

  private static Row metricsRow(Path out, String night) {
    return table(out.resolve("chat_metrics")).filter("night = DATE'" + night + "'").first();
  }

  private static Set<String> compliant(Path out) {
    return table(out.resolve("conversations")).filter("unsafe_compliance").select("conversation_id")
        .collectAsList().stream().map(r -> r.getString(0)).collect(Collectors.toSet());
  }

  private static Row conversation(Path out, String id) {
    return table(out.resolve("conversations")).filter("conversation_id = '" + id + "'").first();
  }

  private static List<Row> sorted(Dataset<Row> table, String... drop) {
    Dataset<Row> t = table.drop(drop);
    return t.orderBy(t.columns()[0], Arrays.copyOfRange(t.columns(), 1, Math.min(2, t.columns().length))).collectAsList();
  }

  private static List<Row> withoutBookkeeping(Dataset<Row> table, String time) {
    Dataset<Row> t = table.drop("run_id", time);
    String[] columns = t.columns();
    return t.select(Arrays.stream(columns).sorted().map(org.apache.spark.sql.functions::col)
        .toArray(org.apache.spark.sql.Column[]::new)).orderBy("conversation_id",
        new HashSet<>(Arrays.asList(columns)).contains("turn") ? new String[] {"turn"} : new String[0]).collectAsList();
  }

  /** Computed here with the JDK alone, independently of {@code Fingerprint}. */
  private static String hmacSha256(String key, String value) {
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(new javax.crypto.spec.SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return java.util.HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void hashesUserIdsAndKeepsNoTextUnlessAsked() {
    Path input = dir.resolve("privacy-in");
    ChatNights.writeMessages(input, "2026-11-01", "part-0.jsonl", NIGHT_1);
    ChatNights.writeMessages(input, "2026-11-02", "part-0.jsonl", NIGHT_2);
    Path hashed = dir.resolve("hashed");
    run(config(input, hashed, ""));
    Dataset<Row> turns = table(hashed.resolve("turns"));
    assertFalse(Arrays.asList(turns.columns()).contains("text"));
    for (Path table : List.of(hashed.resolve("turns"), hashed.resolve("conversations"), hashed.resolve("chat_metrics"))) {
      String everything = table(table).toJSON().collectAsList().toString();
      for (ChatNights.Message message : NIGHT_1) {
        assertFalse(everything.contains("\"" + message.text() + "\""), table + " holds a message text");
        assertFalse(message.user() != null && everything.contains("\"" + message.user() + "\""), table + " holds a raw user id");
      }
      assertFalse(everything.contains("pepper"), table + " holds the salt");
    }
    Set<String> u2 = userIds(turns.filter("conversation_id IN ('b', 'c') AND role = 'user'"));
    assertEquals(1, u2.size(), "one person, one hash, across conversations and nights");
    // The stored value is HMAC-SHA-256 keyed by the salt: an unsalted SHA-256 (guessable from a
    // list of user ids) also has 64 hex digits, so the length alone would not tell them apart.
    assertEquals(hmacSha256("pepper", "u2"), u2.iterator().next());
    assertNotEquals(userIds(turns.filter("conversation_id = 'a'")), u2);

    Path kept = dir.resolve("kept");
    run(config(input, kept, "privacy { keep_text = true, user_id = keep }"));
    Row b0 = table(kept.resolve("turns")).filter("conversation_id = 'b' AND turn = 0").first();
    assertEquals("do the bad thing now!", b0.getAs("text"));
    assertEquals("u2", b0.getAs("user_id"));

    Path dropped = dir.resolve("dropped");
    run(config(input, dropped, "privacy.user_id = drop"));
    assertFalse(Arrays.asList(table(dropped.resolve("turns")).columns()).contains("user_id"));
    assertFalse(Arrays.asList(table(dropped.resolve("conversations")).columns()).contains("user_id"));

    ConfigError changed = assertThrows(ConfigError.class, () -> run(config(input, hashed, "privacy.keep_text = true")));
    assertEquals("output.turns", changed.key());
  }

  private static Set<String> userIds(Dataset<Row> turns) {
    return turns.select("user_id").distinct().collectAsList().stream().map(r -> r.getString(0)).collect(Collectors.toSet());
  }

  @Test
  void conversationShapeGivesTheSameTurnsAsMessages() {
    Path messages = dir.resolve("shape-messages");
    Path conversations = dir.resolve("shape-conversations");
    ChatNights.writeMessages(messages, "2026-11-01", "part-0.jsonl", NIGHT_1);
    ChatNights.writeConversations(conversations, "2026-11-01", NIGHT_1);
    String noTimestamps = "input.timestamp_column = null\n";
    run(config(messages, dir.resolve("out-messages"), noTimestamps));
    run(config(conversations, dir.resolve("out-conversations"), noTimestamps + "input.shape = conversations"));
    assertEquals(withoutBookkeeping(table(dir.resolve("out-messages/turns")), "scored_at"),
        withoutBookkeeping(table(dir.resolve("out-conversations/turns")), "scored_at"));
    assertEquals(withoutBookkeeping(table(dir.resolve("out-messages/conversations")), "updated_at"),
        withoutBookkeeping(table(dir.resolve("out-conversations/conversations")), "updated_at"));
  }

  @Test
  void badRowsAndColumnsAreNamed() {
    Path input = dir.resolve("bad-rows");
    ChatNights.writeMessages(input, "2026-11-01", "good.jsonl", NIGHT_1);
    ChatNights.writeMessages(input, "2026-11-01", "broken.jsonl", List.of(m(null, 0, "user", "hi", "u9")));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> run(config(input, dir.resolve("bad-rows-out"), "")));
    assertTrue(e.getMessage().contains("broken.jsonl") && e.getMessage().contains("conversation id"), e.getMessage());
    assertFalse(dir.resolve("bad-rows-out/turns").toFile().exists(), "nothing written");

    ConfigError column = assertThrows(ConfigError.class,
        () -> run(config(input, dir.resolve("bad-rows-out"), "input.turn_column = position")));
    assertEquals("input.turn_column", column.key());
    ConfigError shape = assertThrows(ConfigError.class,
        () -> run(config(input, dir.resolve("bad-rows-out"), "input.shape = conversations")));
    assertEquals("input.messages_column", shape.key());
  }

  @Test
  void responsesAreJudgedWithTheirPromptWhenTheModelTakesPairs() {
    Path model = CheckpointFixtures.sequenceClassifier(dir.resolve("pair-bert"), Architecture.BERT,
        List.of("toxic", "refusal"), "multi_label_classification", 11);
    Path input = dir.resolve("pairs-in");
    ChatNights.writeMessages(input, "2026-11-01", "part-0.jsonl", NIGHT_1);
    Path out = dir.resolve("pairs-out");
    ChatLogsRun.run(ChatLogsConfig.parse("input.path = \"" + input + "\"\noutput.path = \"" + out + "\"\n"
        + "model.ref = \"" + model + "\"\nroles.user.categories = [toxic]\n"
        + "roles.assistant { categories = [toxic], refusal_category = refusal, context = auto }", ENV::get),
        spark, ClassifierFactory.models());

    Dataset<Row> turns = table(out.resolve("turns"));
    Row b1 = turns.filter("conversation_id = 'b' AND turn = 1").first();
    assertEquals(0, b1.<Integer>getAs("context_turn"));
    assertEquals(1, turns.filter("conversation_id = 'd' AND turn = 2").first().<Integer>getAs("context_turn"),
        "the previous user turn, past the system turn");
    assertEquals(0, turns.filter("role = 'user' AND context_turn IS NOT NULL").count(), "user turns: context = none");
    try (TextClassifier direct = Models.load(model.toString(), InferenceOptions.DEFAULTS)) {
      float[] paired = direct.classifyPairs(List.of("do the bad thing now!"), List.of("I WILL NOT DO THAT")).get(0).scores();
      float[] alone = direct.classify(List.of("I WILL NOT DO THAT")).get(0).scores();
      assertEquals(paired[0], b1.<Float>getAs("score_toxic"), 1e-5);
      assertEquals(paired[1], b1.<Float>getAs("refusal_score"), 1e-5);
      assertTrue(Math.abs(paired[0] - alone[0]) > 1e-4, "the prompt changes the score");
    }
  }
}
