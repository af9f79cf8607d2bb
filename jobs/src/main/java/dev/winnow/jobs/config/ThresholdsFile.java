package dev.winnow.jobs.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * {@code thresholds.file}: thresholds kept in their own HOCON file (as {@code calibrate} writes
 * them), shaped {@code thresholds { default = 0.5, labels { toxic = 0.42 } }}.
 *
 * <p>The file sits between the user's settings and the defaults: a threshold set in the job config
 * or on the command line beats the file, and the file beats the defaults. Other top-level keys
 * (such as a {@code calibration} block recording how the values were chosen) are ignored. The
 * path is relative to the working directory, like every other path.
 */
public final class ThresholdsFile {

  private static final Set<String> ALLOWED = Set.of("default", "labels");

  private ThresholdsFile() {}

  public static Config underlay(Config user) {
    if (!user.hasPath("thresholds.file")) {
      return user;
    }
    Path file = Path.of(new Settings(user).string("thresholds.file"));
    if (!Files.isRegularFile(file)) {
      throw new ConfigError("thresholds.file", "no such file: " + file.toAbsolutePath());
    }
    Config parsed;
    try {
      parsed = ConfigFactory.parseFile(file.toFile());
    } catch (com.typesafe.config.ConfigException e) {
      throw new ConfigError("thresholds.file", "cannot parse " + file + ": " + e.getMessage(), e);
    }
    if (!parsed.hasPath("thresholds") || parsed.getValue("thresholds").valueType() != ConfigValueType.OBJECT) {
      throw new ConfigError("thresholds.file", file + " has no 'thresholds { ... }' block");
    }
    for (String key : parsed.getObject("thresholds").keySet()) {
      if (!ALLOWED.contains(key)) {
        throw new ConfigError("thresholds." + key, "unknown setting in " + file + " (allowed: " + ALLOWED + ")");
      }
    }
    return user.withFallback(parsed.withOnlyPath("thresholds"));
  }
}
