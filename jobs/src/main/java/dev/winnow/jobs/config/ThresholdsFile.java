package dev.winnow.jobs.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code thresholds.file}: thresholds kept in their own HOCON file (as {@code calibrate} writes
 * them), shaped {@code thresholds { default = 0.5, labels { toxic = 0.42 } }}.
 *
 * <p>The file sits between the user's settings and the defaults: a threshold set in the job config
 * or on the command line beats the file, and the file beats the defaults. Other top-level keys
 * (such as a {@code calibration} block recording how the values were chosen) are ignored. The
 * path is relative to the working directory, like every other path. {@link #render} writes the
 * same shape (what {@code calibrate} and {@code train} produce).
 */
public final class ThresholdsFile {

  private static final Set<String> ALLOWED = Set.of("default", "labels");
  private static final ConfigRenderOptions HOCON =
      ConfigRenderOptions.defaults().setOriginComments(false).setComments(true).setJson(false);

  /**
   * One label's threshold.
   *
   * @param comment written above the label's line (how it was chosen); empty for none
   */
  public record Entry(String label, float threshold, String comment) {}

  private ThresholdsFile() {}

  /**
   * The file {@link #underlay} reads: {@code header} as comment lines, then {@code thresholds {
   * default, labels { ... } }} and any {@code extra} top-level blocks (ignored when read; e.g.
   * a record of how the values were chosen, for tools).
   *
   * <p>Thresholds are written as the float's shortest decimal: read back and narrowed to float, as
   * the score job does, each is exactly the float given, so flags match what was measured.
   */
  public static String render(List<String> header, float defaultThreshold, List<Entry> labels, Map<String, ?> extra) {
    ConfigObject byLabel = ConfigValueFactory.fromMap(Map.of());
    for (Entry e : labels) {
      ConfigValue value = number(e.threshold());
      if (!e.comment().isEmpty()) {
        value = value.withOrigin(value.origin().withComments(List.of(" " + e.comment())));
      }
      byLabel = byLabel.withValue(e.label(), value);
    }
    ConfigObject thresholds = ConfigValueFactory.fromMap(Map.of())
        .withValue("default", number(defaultThreshold))
        .withValue("labels", byLabel);
    ConfigObject root = ConfigValueFactory.fromMap(extra).withValue("thresholds", thresholds);
    StringBuilder text = new StringBuilder();
    header.forEach(line -> text.append("# ").append(line).append('\n'));
    return text.append('\n').append(root.render(HOCON)).toString();
  }

  private static ConfigValue number(float value) {
    return ConfigValueFactory.fromAnyRef(Double.parseDouble(Float.toString(value)));
  }

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
