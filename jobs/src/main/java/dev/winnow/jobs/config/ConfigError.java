package dev.winnow.jobs.config;

import dev.winnow.runtime.UserError;

/** A setting that is missing, unknown or invalid; the message starts with the key. */
public final class ConfigError extends UserError {

  private static final long serialVersionUID = 1L;

  public ConfigError(String key, String problem) {
    super(key, problem, null);
  }

  public ConfigError(String key, String problem, Throwable cause) {
    super(key, problem, cause);
  }

  public String key() {
    return setting().orElseThrow();
  }

  /**
   * The same error for settings read as a block of a larger file (a list element, say): {@code
   * path} is prepended to the key so the message points at the block.
   */
  public ConfigError within(String path) {
    return new ConfigError(path + "." + key(), problem(), this);
  }
}
