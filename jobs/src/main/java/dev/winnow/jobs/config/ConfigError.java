package dev.winnow.jobs.config;

/** A setting that is missing, unknown or invalid; the message starts with the key. */
public final class ConfigError extends IllegalArgumentException {

  private final String key;
  private final String problem;

  public ConfigError(String key, String problem) {
    super(key + ": " + problem);
    this.key = key;
    this.problem = problem;
  }

  public ConfigError(String key, String problem, Throwable cause) {
    super(key + ": " + problem, cause);
    this.key = key;
    this.problem = problem;
  }

  public String key() {
    return key;
  }

  /** What is wrong, without the key. */
  public String problem() {
    return problem;
  }

  /**
   * The same error for settings read as a block of a larger file (a list element, say): {@code
   * path} is prepended to the key so the message points at the block.
   */
  public ConfigError within(String path) {
    return new ConfigError(path + "." + key, problem, this);
  }
}
