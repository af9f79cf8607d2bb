package dev.winnow.jobs.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import org.junit.jupiter.api.Test;

/** Values from the environment and secrets never appear in messages; others do, to help. */
class SecretSettingsTest {

  private static final String VALUE = "hunter2-d41d8cd9";

  private static Settings with(String key, Object value, String origin) {
    return new Settings(ConfigFactory.empty().withValue(key, ConfigValueFactory.fromAnyRef(value, origin)));
  }

  @Test
  void aBadValueFromTheEnvironmentIsNotRepeated() {
    ConfigError fromEnv = assertThrows(ConfigError.class,
        () -> with("model.batch_tokens", VALUE, "env variables").intAtLeast("model.batch_tokens", 16));
    assertEquals("model.batch_tokens", fromEnv.key());
    assertFalse(fromEnv.getMessage().contains(VALUE), fromEnv.getMessage());
    assertTrue(fromEnv.getMessage().contains("env variables"), fromEnv.getMessage());

    ConfigError fromFile = assertThrows(ConfigError.class,
        () -> with("model.batch_tokens", VALUE, "score.conf: 3").intAtLeast("model.batch_tokens", 16));
    assertTrue(fromFile.getMessage().contains(VALUE), "values typed by the user are shown: " + fromFile.getMessage());

    ConfigError inMap = assertThrows(ConfigError.class, () -> new Settings(ConfigFactory.empty()
        .withValue("thresholds.labels.toxic", ConfigValueFactory.fromAnyRef(VALUE, "env variables")))
        .doubleMap("thresholds.labels", 0, 1));
    assertFalse(inMap.getMessage().contains(VALUE), inMap.getMessage());
  }

  @Test
  void substitutionsFromTheEnvironmentAreRecognized() {
    Config resolved = ConfigFactory.parseString("home = ${?PATH}\ntyped = x").resolve();
    assertTrue(resolved.hasPath("home"), "PATH is set in every test environment");
    assertTrue(Settings.fromEnvironment(resolved.getValue("home")));
    assertFalse(Settings.fromEnvironment(resolved.getValue("typed")));
  }

  @Test
  void anEnvironmentSubstitutionForAKnownKeyIsReadAndNeverEchoed() {
    ConfigError e = assertThrows(ConfigError.class, () -> ScoreConfig.parse(
        "input.path = x\noutput.path = y\nmodel.ref = z\nmodel.batch_tokens = ${?PATH}"));
    assertEquals("model.batch_tokens", e.key());
    assertFalse(e.getMessage().contains(System.getenv("PATH")), e.getMessage());
  }

  @Test
  void secretsAreMaskedWhenPrinted() {
    Secret salt = with("privacy.salt", VALUE, "env variables").secret("privacy.salt");
    assertEquals(VALUE, salt.reveal());
    assertFalse(salt.toString().contains(VALUE));
    assertFalse(String.valueOf(new Object[] {salt}[0]).contains(VALUE));
    assertEquals(new Secret(VALUE), salt);

    ConfigError wrongType = assertThrows(ConfigError.class,
        () -> new Settings(ConfigFactory.parseString("privacy.salt = [" + VALUE + "]")).secret("privacy.salt"));
    assertFalse(wrongType.getMessage().contains(VALUE), wrongType.getMessage());
    assertEquals("privacy.salt", assertThrows(ConfigError.class,
        () -> new Settings(ConfigFactory.empty()).secret("privacy.salt")).key());
  }
}
