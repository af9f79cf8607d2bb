package dev.winnow.jobs.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winnow.jobs.config.ConfigError;
import dev.winnow.jobs.config.JobArgs;
import dev.winnow.jobs.config.JobName;
import dev.winnow.jobs.io.InputFormat;
import dev.winnow.spark.testing.FakeFactory;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Settings of the chatlogs job, and the checks made against the models before any data is read. */
class ChatLogsConfigTest {

  private static final String MINIMAL = """
      input.path = logs
      model.ref = "test:fake"
      output.path = out/chat
      roles.user.categories = [toxic]
      roles.assistant { categories = [toxic], refusal_category = self_harm }
      """;

  private static ChatLogsConfig parse(String extra) {
    return ChatLogsConfig.parse(MINIMAL + extra, Map.of("SALT", "s3cret")::get);
  }

  private static String keyOf(String extra) {
    return assertThrows(ConfigError.class, () -> parse(extra)).key();
  }

  private static String keyWhenPrepared(String extra) {
    return assertThrows(ConfigError.class, () -> TurnScoring.prepare(parse(extra), new FakeFactory())).key();
  }

  @Test
  void defaults() {
    ChatLogsConfig c = parse("");
    assertEquals(InputShape.MESSAGES, c.input().shape());
    assertEquals(InputFormat.AUTO, c.input().source().format());
    assertEquals(Nights.all(), c.nights());
    // Relative paths are made absolute once, against the working directory: Delta's table
    // builder refuses relative locations (the documented nightly command used to fail on it).
    String out = java.nio.file.Path.of("out/chat").toAbsolutePath().toString();
    assertEquals(out + "/turns", c.tables().turns());
    assertEquals(out + "/conversations", c.tables().conversations());
    assertEquals(out + "/chat_metrics", c.tables().metrics());
    assertFalse(c.privacy().keepText());
    assertEquals(UserIdPolicy.DROP, c.privacy().userId());
    assertEquals(ContextMode.NONE, c.user().context());
    assertEquals(ContextMode.AUTO, c.assistant().context());
    assertEquals("test:fake", c.assistant().refusal().orElseThrow().model().ref());
    assertEquals(List.of("user", "human"), c.input().userRoles());
  }

  @Test
  void theExampleConfigLoads() {
    ChatLogsConfig c = ChatLogsConfig.load(JobArgs.parse(JobName.CHATLOGS, "--config", Path.of("..", "conf", "chatlogs.conf").toString()));
    assertEquals("builtin:winnow-safety", c.model().ref());
    assertEquals(List.of("hate", "harassment", "sexual", "sexual_minors", "violence", "self_harm", "weapons",
        "controlled_substances", "criminal_planning", "pii_privacy", "jailbreak", "unsafe"), c.user().categories());
    assertFalse(c.assistant().categories().contains("jailbreak"), "a prompt attack is a user-turn signal");
    assertEquals("refusal", c.assistant().refusal().orElseThrow().category());
  }

  @Test
  void dateFlagsAreSettings() {
    JobArgs args = JobArgs.parse(JobName.CHATLOGS, "--config", "c.conf", "x=1", "--date", "2026-11-02", "y=2");
    assertEquals(List.of("x=1", "date=2026-11-02", "y=2"), args.overrides());
    assertEquals(List.of("since=2026-11-01"), JobArgs.parse(JobName.CHATLOGS, "--since=2026-11-01").overrides());
    assertThrows(IllegalArgumentException.class, () -> JobArgs.parse(JobName.CHATLOGS, "--date"));
    assertEquals(Optional.of(LocalDate.of(2026, 11, 2)), parse("date = 2026-11-02").nights().date());
    assertEquals(Optional.of(LocalDate.of(2026, 11, 1)), parse("since = \"2026-11-01\"").nights().since());
  }

  @Test
  void badSettingsNameTheirKey() {
    assertEquals("date", keyOf("date = yesterday"));
    assertEquals("since", keyOf("date = 2026-11-01, since = 2026-11-01"));
    assertEquals("roles.user.refusal_model", keyOf("roles.user.refusal_model = x"));
    assertEquals("input.shape", keyOf("input.shape = threads"));
    assertEquals("roles.assistant.context", keyOf("roles.assistant.context = always"));
    assertEquals("roles.user.categories", keyOf("roles.user.categories = []"));
    assertEquals("roles.assistant.categories", keyOf("roles.assistant.categories = [toxic, self_harm]"));
    assertEquals("input.assistant_roles", keyOf("input.assistant_roles = [bot, user]"));
    assertEquals("output.path", keyOf("output.path = null"));
  }

  @Test
  void hashingNeedsASaltAndNeverShowsIt() {
    ConfigError missing = assertThrows(ConfigError.class, () -> parse("privacy { user_id = hash, salt_env = NO_SUCH_VAR }"));
    assertEquals("privacy.salt_env", missing.key());
    assertTrue(missing.getMessage().contains("NO_SUCH_VAR"), missing.getMessage());
    ChatLogsConfig c = parse("privacy { user_id = hash, salt_env = SALT }");
    assertTrue(c.privacy().fingerprint().isSalted());
    assertFalse(c.toString().contains("s3cret"), c.toString());
  }

  @Test
  void modelsAreCheckedBeforeAnyData() {
    assertEquals("roles.user.categories", keyWhenPrepared("roles.user.categories = [toxic, violence]"));
    assertEquals("roles.assistant.refusal_category", keyWhenPrepared("roles.assistant.refusal_category = refusal"));
    assertEquals("roles.assistant.context", keyWhenPrepared("roles.assistant.context = previous_user_turn"));
    assertEquals("thresholds.labels", keyWhenPrepared("thresholds.labels { violence = 0.3 }"));
    assertTrue(keyWhenPrepared("roles.assistant.refusal_model = \"test:other\"").startsWith("roles.assistant.refusal_model"));

    TurnScoring scoring = TurnScoring.prepare(parse("roles.assistant.categories = [toxic, \"hate speech\"]\n"
        + "thresholds.labels { \"Self-Harm\" = 0.7 }"), new FakeFactory());
    assertEquals(List.of("toxic", "hate_speech"), scoring.categories());
    RoleScorer assistant = scoring.roles().get(1);
    assertEquals(0.7, assistant.threshold("self_harm"));
    assertFalse(assistant.withContext(), "auto: the fake model takes single texts only");
  }
}
