package dev.winnow.jobs.config;

import dev.winnow.runtime.WinnowErrors;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A job's command line: {@code [--config FILE] [--set KEY=VALUE | KEY=VALUE]...}.
 *
 * @param configFile HOCON file with the job's settings, if any
 * @param overrides {@code KEY=VALUE} settings, applied over the file in order
 * @param help whether usage was asked for
 */
public record JobArgs(Optional<Path> configFile, List<String> overrides, boolean help) {

  private static final String USAGE_FOR_JOB = """
      usage: [--config FILE] %s[--set KEY=VALUE]... [KEY=VALUE]...
        --config FILE     HOCON settings file (see conf/%s.conf)
      %s  --set KEY=VALUE   override one setting, e.g. --set %s
        KEY=VALUE         same as --set
      values starting with [ or { are parsed as HOCON (lists, objects); 'null' unsets a key""";

  /** Flags of one job beyond the shared ones: the usage line, then their help lines. */
  private record JobFlags(String synopsis, String help) {}

  private static final Map<String, JobFlags> JOB_FLAGS = Map.of("chatlogs", new JobFlags("[--date D | --since D] ",
      "  --date D          score the night D (YYYY-MM-DD): setting date\n"
          + "  --since D         score every night from D on: setting since\n"));

  /** A setting each job really has, so the usage's example works as written. */
  private static final Map<String, String> EXAMPLE_SETTING = Map.of(
      "chatlogs", "model.device=cpu", "bench", "corpus.rows=200");

  public JobArgs {
    overrides = List.copyOf(overrides);
  }

  /** Usage naming the job's own settings file, {@code conf/<job>.conf}. */
  public static String usage(String job) {
    JobFlags flags = JOB_FLAGS.getOrDefault(job, new JobFlags("", ""));
    return USAGE_FOR_JOB.formatted(flags.synopsis(), job, flags.help(), EXAMPLE_SETTING.getOrDefault(job, "output.mode=overwrite"));
  }

  public static JobArgs parse(String... args) {
    Optional<Path> config = Optional.empty();
    List<String> overrides = new ArrayList<>();
    boolean help = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--help") || arg.equals("-h")) {
        help = true;
      } else if (arg.equals("--config") || arg.equals("--set")) {
        if (i + 1 == args.length) {
          throw WinnowErrors.invalid(null, arg + " needs a value");
        }
        String value = args[++i];
        if (arg.equals("--config")) {
          config = Optional.of(Path.of(value));
        } else {
          overrides.add(requireSetting(value));
        }
      } else if (arg.startsWith("--config=")) {
        config = Optional.of(Path.of(arg.substring("--config=".length())));
      } else if (arg.startsWith("--set=")) {
        overrides.add(requireSetting(arg.substring("--set=".length())));
      } else if (!arg.startsWith("-") && arg.contains("=")) {
        overrides.add(arg);
      } else {
        throw WinnowErrors.invalid(null, "unknown argument '" + arg + "'");
      }
    }
    return new JobArgs(config, overrides, help);
  }

  /**
   * Rewrites a job's shorthand flags into settings: with {@code flags = {--date: date}}, {@code
   * --date 2026-11-01} and {@code --date=2026-11-01} both become {@code --set date=2026-11-01}, so
   * they go through the same checks and precedence as any other override.
   */
  public static String[] expandFlags(String[] args, Map<String, String> flags) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      int eq = arg.indexOf('=');
      String flag = eq > 0 && arg.startsWith("--") ? arg.substring(0, eq) : arg;
      String key = flags.get(flag);
      if (key == null) {
        out.add(arg);
        continue;
      }
      String value;
      if (eq > 0) {
        value = arg.substring(eq + 1);
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        throw WinnowErrors.invalid(null, arg + " needs a value");
      }
      out.add("--set");
      out.add(key + "=" + value);
    }
    return out.toArray(new String[0]);
  }

  private static String requireSetting(String value) {
    if (!value.contains("=") || value.startsWith("=")) {
      throw WinnowErrors.invalid(null, "expected KEY=VALUE, got '" + value + "'");
    }
    return value;
  }
}
