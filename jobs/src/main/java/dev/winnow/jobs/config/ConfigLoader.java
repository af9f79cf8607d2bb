package dev.winnow.jobs.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a job's settings: a defaults resource (which also defines the set of valid keys), under a
 * user's HOCON file, under {@code KEY=VALUE} overrides from the command line.
 *
 * <p>Loading is split in two ({@link #userLayer}, {@link #complete}) so a job can slide extra
 * layers between the user's settings and the defaults, as {@code thresholds.file} does.
 */
public final class ConfigLoader {

  private final Config defaults;
  private final Set<String> openObjects;

  /**
   * @param defaultsResource classpath resource holding every valid key with its default
   * @param openObjects keys whose children are named by the user (reader options, per-label maps),
   *     so are not checked against the defaults
   */
  public ConfigLoader(String defaultsResource, Set<String> openObjects) {
    this(resource(defaultsResource), openObjects);
  }

  /** Defaults assembled by the caller, e.g. one job's resource plus a block shared with another. */
  public ConfigLoader(Config defaults, Set<String> openObjects) {
    this.defaults = defaults;
    this.openObjects = Set.copyOf(openObjects);
  }

  /** A classpath resource that must exist. */
  public static Config resource(String name) {
    return ConfigFactory.parseResources(
        ConfigLoader.class.getClassLoader(), name, ConfigParseOptions.defaults().setAllowMissing(false));
  }

  public Config defaults() {
    return defaults;
  }

  /** The user's file (if any) with the overrides applied, not yet checked nor defaulted. */
  public Config userLayer(JobArgs args) {
    Config user = args.configFile().map(ConfigLoader::parseFile).orElse(ConfigFactory.empty());
    for (String setting : args.overrides()) {
      user = applyOverride(user, setting);
    }
    return user;
  }

  /** Checks for unknown keys, then falls back to the defaults and resolves substitutions. */
  public Config complete(Config user) {
    List<String> unknown = new ArrayList<>();
    collectUnknown(user.root(), new ArrayList<>(), unknown);
    if (!unknown.isEmpty()) {
      throw new ConfigError(unknown.get(0), "unknown setting" + (unknown.size() > 1 ? "s " + unknown : "")
          + " (valid keys are those in " + describeDefaults() + ")");
    }
    try {
      return user.withFallback(defaults).resolve();
    } catch (ConfigException.UnresolvedSubstitution e) {
      throw new ConfigError("substitution", e.getMessage(), e);
    }
  }

  public static Config parseFile(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ConfigError("--config", "no such file: " + file.toAbsolutePath());
    }
    try {
      return ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
    } catch (ConfigException e) {
      throw new ConfigError("--config", "cannot parse " + file + ": " + e.getMessage(), e);
    }
  }

  private static Config applyOverride(Config user, String setting) {
    int eq = setting.indexOf('=');
    String key = setting.substring(0, eq).trim();
    String raw = setting.substring(eq + 1).trim();
    try {
      ConfigUtil.splitPath(key);
    } catch (ConfigException e) {
      throw new ConfigError(key, "not a valid setting name");
    }
    String origin = "command line: " + setting;
    ConfigValue value;
    if (raw.startsWith("[") || raw.startsWith("{")) {
      try {
        value = ConfigFactory.parseString("v = " + raw, ConfigParseOptions.defaults().setOriginDescription(origin))
            .root().get("v");
      } catch (ConfigException e) {
        throw new ConfigError(key, "cannot parse value '" + raw + "': " + e.getMessage(), e);
      }
    } else if (raw.equals("null")) {
      value = ConfigValueFactory.fromAnyRef(null, origin);
    } else {
      // Taken as a string: HOCON would cut "s3://b/x" at "//". Typed reads convert "0.3" or "true".
      value = ConfigValueFactory.fromAnyRef(raw, origin);
    }
    return user.withValue(key, value);
  }

  private void collectUnknown(ConfigObject object, List<String> path, List<String> unknown) {
    for (Map.Entry<String, ConfigValue> e : object.entrySet()) {
      List<String> childPath = new ArrayList<>(path);
      childPath.add(e.getKey());
      String key = ConfigUtil.joinPath(childPath);
      if (!defaults.hasPathOrNull(key)) {
        unknown.addAll(leaves(childPath, e.getValue()));
      } else if (!openObjects.contains(key)
          && e.getValue() instanceof ConfigObject
          && defaults.getValue(key).valueType() == ConfigValueType.OBJECT) {
        collectUnknown((ConfigObject) e.getValue(), childPath, unknown);
      }
    }
  }

  /** A misspelled block is reported by its full keys ({@code modle.ref}), as the user typed them. */
  private static List<String> leaves(List<String> path, ConfigValue value) {
    // instanceof, not valueType(): a ${?VAR} substitution is not resolved yet and has no type.
    if (!(value instanceof ConfigObject object) || object.isEmpty()) {
      return List.of(ConfigUtil.joinPath(path));
    }
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, ConfigValue> e : object.entrySet()) {
      List<String> child = new ArrayList<>(path);
      child.add(e.getKey());
      out.addAll(leaves(child, e.getValue()));
    }
    return out;
  }

  private String describeDefaults() {
    return defaults.origin().description();
  }
}
