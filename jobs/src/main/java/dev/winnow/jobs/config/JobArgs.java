package dev.winnow.jobs.config;

import dev.winnow.runtime.WinnowErrors;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Stack;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.IParameterConsumer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * A job's command line: {@code [--config FILE] [--set KEY=VALUE | KEY=VALUE]...}, plus the job's
 * shorthand flags ({@link JobName#shorthands}). Parsed by picocli, which also writes the usage.
 *
 * @param configFile HOCON file with the job's settings, if any
 * @param overrides {@code KEY=VALUE} settings in command-line order (a shorthand flag becomes
 *     one), applied over the file in that order, so the last of two for one key wins
 * @param help whether usage was asked for
 */
public record JobArgs(Optional<Path> configFile, List<String> overrides, boolean help) {

  private static final String CONFIG = "--config";

  private static final String VALUES_FOOTER = "%nValues starting with [ or { are parsed as HOCON (lists, objects); "
      + "'null' unsets a key. Every setting, with its default: conf/%s.conf.";

  public JobArgs {
    overrides = List.copyOf(overrides);
  }

  /** A job's command line. */
  public static JobArgs parse(JobName job, String... args) {
    return parse(spec(job), args);
  }

  /** The job's usage, as {@code --help} prints it. */
  public static String usage(JobName job) {
    return new CommandLine(spec(job)).getUsageMessage(Help.Ansi.OFF);
  }

  /**
   * The picocli model of a job's command line. Each call builds a fresh one: parsing collects into it.
   */
  public static CommandSpec spec(JobName job) {
    String command = job.command();
    Overrides overrides = new Overrides();
    CommandSpec spec = CommandSpec.wrapWithoutInspection(overrides).name("winnow " + command);
    spec.parser().expandAtFiles(false);
    spec.usageMessage()
        .description(job.summary())
        .footer(VALUES_FOOTER.formatted(command));
    spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("Show this help and exit.").build());
    spec.addOption(OptionSpec.builder(CONFIG).paramLabel("FILE").type(Path.class)
        .description("HOCON settings file (see conf/%s.conf).".formatted(command)).build());
    spec.addOption(OptionSpec.builder("--set").paramLabel("KEY=VALUE").type(List.class).auxiliaryTypes(String.class)
        .arity("1")
        .parameterConsumer(overrides.setting(null))
        .description("Override one setting, e.g. --set " + job.exampleSetting()).build());
    for (Map.Entry<String, JobName.Shorthand> flag : job.shorthands().entrySet()) {
      JobName.Shorthand shorthand = flag.getValue();
      spec.addOption(OptionSpec.builder(flag.getKey()).paramLabel(shorthand.valueLabel()).type(String.class)
          .arity("1").parameterConsumer(overrides.setting(shorthand.setting()))
          .description(shorthand.description() + ": the setting " + shorthand.setting() + ".").build());
    }
    spec.addPositional(PositionalParamSpec.builder().paramLabel("KEY=VALUE").index("0..*").type(List.class)
        .auxiliaryTypes(String.class).arity("0..*")
        .parameterConsumer(overrides.setting(null)).description("Same as --set KEY=VALUE.").build());
    return spec;
  }

  private static JobArgs parse(CommandSpec spec, String[] args) {
    ParseResult result;
    try {
      result = new CommandLine(spec).parseArgs(args);
    } catch (ParameterException e) {
      throw WinnowErrors.invalid(null, e.getMessage());
    }
    Optional<Path> config = Optional.ofNullable(result.matchedOptionValue(CONFIG, (Path) null));
    return new JobArgs(config, ((Overrides) spec.userObject()).collected, result.isUsageHelpRequested());
  }

  /**
   * Collects {@code --set}, shorthand and positional settings into one list as picocli meets
   * them: separate option values would lose their order, and with it which one wins.
   */
  private static final class Overrides {
    private final List<String> collected = new ArrayList<>();

    /** Takes one value; {@code setting} names the key a shorthand flag's value is for. */
    IParameterConsumer setting(String setting) {
      return (Stack<String> args, picocli.CommandLine.Model.ArgSpec arg, CommandSpec spec) -> {
        String value = args.pop();
        if (setting != null) {
          collected.add(setting + "=" + value);
        } else if (!value.contains("=") || value.startsWith("=") || value.startsWith("-")) {
          throw new ParameterException(spec.commandLine(), "expected KEY=VALUE, got '" + value + "'");
        } else {
          collected.add(value);
        }
      };
    }
  }
}
