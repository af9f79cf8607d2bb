package dev.winnow.jobs.config;

/** A setting that is missing, unknown or invalid; the message starts with the key. */
public final class ConfigError extends IllegalArgumentException {

  private final String key;

  public ConfigError(String key, String problem) {
    super(key + ": " + problem);
    this.key = key;
  }

  public ConfigError(String key, String problem, Throwable cause) {
    super(key + ": " + problem, cause);
    this.key = key;
  }

  public String key() {
    return key;
  }
}
