package dev.winnow.jobs.chat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.winnow.jobs.config.ConfigLoader;
import dev.winnow.jobs.config.JobArgs;
import dev.winnow.jobs.config.ModelSpec;
import dev.winnow.jobs.config.Settings;
import dev.winnow.jobs.config.ThresholdSpec;
import dev.winnow.jobs.config.ThresholdsFile;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Every setting of the {@code chatlogs} job, validated; see {@code conf/chatlogs.conf} and
 * {@code docs/CHATLOGS.md}.
 *
 * @param nights which delivery dates of the input this run takes ({@code date} / {@code since})
 * @param model {@code model.*}: the default model of both roles and the inference options of all
 * @param thresholds flag thresholds, applied to every model that has the label
 */
public record ChatLogsConfig(
    ChatInputSpec input,
    Nights nights,
    ModelSpec model,
    ThresholdSpec thresholds,
    RoleSpec user,
    RoleSpec assistant,
    ChatTables tables,
    PrivacySpec privacy) {

  public static final String DEFAULTS = "dev/winnow/jobs/chatlogs-defaults.conf";

  private static final ConfigLoader LOADER =
      new ConfigLoader(DEFAULTS, Set.of("input.csv", "thresholds.labels"));

  /** Scored roles in scoring order. */
  public List<RoleSpec> roles() {
    return List.of(user, assistant);
  }

  /** From the command line; the salt for hashed user ids comes from the process environment. */
  public static ChatLogsConfig load(JobArgs args) {
    return from(LOADER.complete(ThresholdsFile.underlay(LOADER.userLayer(args))), System::getenv);
  }

  /** From HOCON text (tests, notebooks), with the same checks and defaults. */
  public static ChatLogsConfig parse(String hocon, UnaryOperator<String> environment) {
    return from(LOADER.complete(ThresholdsFile.underlay(ConfigFactory.parseString(hocon))), environment);
  }

  public static Config defaults() {
    return LOADER.defaults();
  }

  private static ChatLogsConfig from(Config complete, UnaryOperator<String> environment) {
    Settings s = new Settings(complete);
    ModelSpec model = ModelSpec.from(s);
    return new ChatLogsConfig(
        ChatInputSpec.from(s),
        Nights.from(s),
        model,
        ThresholdSpec.from(s),
        RoleSpec.from(s, RoleSpec.USER, model),
        RoleSpec.from(s, RoleSpec.ASSISTANT, model),
        ChatTables.from(s),
        PrivacySpec.from(s, environment));
  }
}
