package dev.winnow.jobs.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Typed reads of a complete config whose errors always name the key and where it was set. A value
 * that came from an environment variable ({@code ${?VAR}}), or that a {@link Secret} is read from,
 * is never repeated in an error: it may be a credential.
 */
public final class Settings {

  private final Config config;

  public Settings(Config config) {
    this.config = config;
  }

  public Config config() {
    return config;
  }

  public String requiredString(String key) {
    return optionalString(key).orElseThrow(() -> new ConfigError(key, "is required"));
  }

  /** Empty when unset, null, or blank. */
  public Optional<String> optionalString(String key) {
    if (!config.hasPath(key)) {
      return Optional.empty();
    }
    String value = read(key, "a string", () -> config.getString(key));
    return value.isBlank() ? Optional.empty() : Optional.of(value);
  }

  public String string(String key) {
    return read(key, "a string", () -> config.getString(key));
  }

  public int intAtLeast(String key, int min) {
    int value = read(key, "an integer", () -> config.getInt(key));
    if (value < min) {
      throw new ConfigError(key, "must be at least " + min + ", got " + value + where(key));
    }
    return value;
  }

  /** A required value that must never be printed, e.g. {@code salt = ${?WINNOW_SALT}}. */
  public Secret secret(String key) {
    if (!config.hasPath(key)) {
      throw new ConfigError(key, "is required");
    }
    if (config.getValue(key).valueType() != ConfigValueType.STRING) {
      throw new ConfigError(key, "expected a string" + where(key));
    }
    return new Secret(config.getString(key));
  }

  /**
   * A file or folder location; a relative local path is resolved once, here, against the working
   * directory, so every reader and writer (Spark, Delta, java.nio) sees the same absolute path
   * (Delta's DeltaTable builder refuses relative locations). URIs with a scheme are kept as given.
   */
  public String requiredPath(String key) {
    return absolute(requiredString(key));
  }

  /** {@link #requiredPath} for an optional setting. */
  public Optional<String> optionalPath(String key) {
    return optionalString(key).map(Settings::absolute);
  }

  static String absolute(String location) {
    if (location.matches("[A-Za-z][A-Za-z0-9+.-]*:.*")) {
      return location;
    }
    return java.nio.file.Path.of(location).toAbsolutePath().normalize().toString();
  }

  public boolean bool(String key) {
    return read(key, "true or false", () -> config.getBoolean(key));
  }

  public double doubleIn(String key, double min, double max) {
    return checkRange(key, read(key, "a number", () -> config.getDouble(key)), min, max);
  }

  /** One of {@code choices}, matched case-insensitively. */
  public String oneOf(String key, String... choices) {
    String value = string(key);
    for (String choice : choices) {
      if (choice.equalsIgnoreCase(value)) {
        return choice;
      }
    }
    throw new ConfigError(key, "must be one of " + Arrays.toString(choices) + ", got '" + value + "'" + where(key));
  }

  /** An enum constant named by the setting, case-insensitively. */
  public <E extends Enum<E>> E oneOf(String key, Class<E> type) {
    String[] names = Arrays.stream(type.getEnumConstants())
        .map(c -> c.name().toLowerCase(Locale.ROOT))
        .toArray(String[]::new);
    return Enum.valueOf(type, oneOf(key, names).toUpperCase(Locale.ROOT));
  }

  public List<String> stringList(String key) {
    return read(key, "a list of strings", () -> List.copyOf(config.getStringList(key)));
  }

  /** An object of scalars, as strings (reader options). */
  public Map<String, String> stringMap(String key) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, ConfigValue> e : object(key).entrySet()) {
      ConfigValueType type = e.getValue().valueType();
      if (type == ConfigValueType.OBJECT || type == ConfigValueType.LIST || type == ConfigValueType.NULL) {
        throw new ConfigError(key + "." + e.getKey(), "expected a string, number or boolean, got " + type);
      }
      out.put(e.getKey(), String.valueOf(e.getValue().unwrapped()));
    }
    return out;
  }

  /** An object of numbers in [min, max], keyed by user-chosen names. */
  public Map<String, Double> doubleMap(String key, double min, double max) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (Map.Entry<String, ConfigValue> e : object(key).entrySet()) {
      String child = key + "." + e.getKey();
      Object raw = e.getValue().unwrapped();
      double value;
      if (raw instanceof Number n) {
        value = n.doubleValue();
      } else {
        try {
          value = Double.parseDouble(String.valueOf(raw));
        } catch (NumberFormatException ex) {
          throw new ConfigError(child, "expected a number, got " + shown(e.getValue()) + originOf(e.getValue()));
        }
      }
      out.put(e.getKey(), checkRange(child, value, min, max));
    }
    return out;
  }

  private Map<String, ConfigValue> object(String key) {
    if (!config.hasPath(key)) {
      return Map.of();
    }
    return read(key, "an object", () -> config.getObject(key));
  }

  private double checkRange(String key, double value, double min, double max) {
    if (!(value >= min && value <= max)) {
      throw new ConfigError(key, "must be in [" + min + ", " + max + "], got " + value + where(key));
    }
    return value;
  }

  private interface Read<T> {
    T get();
  }

  private <T> T read(String key, String expected, Read<T> read) {
    try {
      return read.get();
    } catch (ConfigException.Missing e) {
      throw new ConfigError(key, "is required");
    } catch (ConfigException.WrongType | ConfigException.BadValue e) {
      String got = config.hasPath(key) ? " " + shown(config.getValue(key)) : "";
      throw new ConfigError(key, "expected " + expected + ", got" + got + where(key), e);
    }
  }

  /** The value quoted for an error message, or a mask when it came from the environment. */
  private static String shown(ConfigValue value) {
    return fromEnvironment(value) ? Secret.MASK : "'" + render(value) + "'";
  }

  static boolean fromEnvironment(ConfigValue value) {
    return value.origin().description().contains("env variables");
  }

  private static String render(ConfigValue value) {
    Object raw = value.unwrapped();
    return raw instanceof List<?> list
        ? list.stream().map(String::valueOf).collect(Collectors.joining(", ", "[", "]"))
        : String.valueOf(raw);
  }

  private String where(String key) {
    return config.hasPath(key) ? originOf(config.getValue(key)) : "";
  }

  private static String originOf(ConfigValue value) {
    return " (" + value.origin().description() + ")";
  }
}
