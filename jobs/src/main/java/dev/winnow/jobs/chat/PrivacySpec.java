package dev.winnow.jobs.chat;

import dev.winnow.jobs.config.ConfigError;
import dev.winnow.jobs.config.Settings;
import java.util.function.UnaryOperator;

/**
 * {@code privacy.*}: what the tables keep of people's words and identities.
 *
 * @param keepText whether the turn table has the message text
 * @param userId what becomes of user ids
 * @param fingerprint hashes user ids and message contents: keyed by the salt when one is configured
 *     (so a content hash cannot confirm a guessed message), plain SHA-256 otherwise
 */
public record PrivacySpec(boolean keepText, UserIdPolicy userId, Fingerprint fingerprint) {

  /**
   * @param environment reads an environment variable (null when unset); {@code System::getenv} in
   *     production
   */
  static PrivacySpec from(Settings s, UnaryOperator<String> environment) {
    UserIdPolicy userId = s.oneOf("privacy.user_id", UserIdPolicy.class);
    Fingerprint fingerprint = Fingerprint.unsalted();
    if (userId == UserIdPolicy.HASH) {
      String variable = s.requiredString("privacy.salt_env");
      String salt = environment.apply(variable);
      if (salt == null || salt.isEmpty()) {
        // Names the variable, never a value.
        throw new ConfigError("privacy.salt_env", "environment variable " + variable
            + " is unset or empty; privacy.user_id = hash needs a secret salt there");
      }
      fingerprint = Fingerprint.salted(salt);
    }
    return new PrivacySpec(s.bool("privacy.keep_text"), userId, fingerprint);
  }
}
