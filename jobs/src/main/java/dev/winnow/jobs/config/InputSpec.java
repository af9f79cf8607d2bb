package dev.winnow.jobs.config;

import dev.winnow.jobs.io.InputFormat;
import java.util.Map;
import java.util.Optional;

/**
 * {@code input.*}: where the texts are and which columns hold them.
 *
 * @param contextColumn each text's context (e.g. the prompt a response answers); with it, texts
 *     are judged as (context, text) pairs by a model that accepts pairs, and a NULL or blank
 *     context scores the text alone
 * @param ignoreCorruptFiles skip Parquet files whose footer cannot be read (and report them)
 *     instead of failing the job
 * @param skipMalformedLines skip JSON Lines lines that are not a JSON object or not UTF-8 (and
 *     count them, with file and line) instead of failing the job naming them
 */
public record InputSpec(
    String path,
    InputFormat format,
    String textColumn,
    Optional<String> idColumn,
    Optional<String> contextColumn,
    Map<String, String> csvOptions,
    boolean ignoreCorruptFiles,
    boolean skipMalformedLines) {

  public InputSpec {
    csvOptions = Map.copyOf(csvOptions);
  }

  /** An input whose unreadable files fail the job. */
  public InputSpec(String path, InputFormat format, String textColumn, Optional<String> idColumn,
      Map<String, String> csvOptions) {
    this(path, format, textColumn, idColumn, Optional.empty(), csvOptions, false, false);
  }

  public static InputSpec from(Settings s) {
    return new InputSpec(
        s.requiredPath("input.path"),
        s.oneOf("input.format", InputFormat.class),
        s.requiredString("input.text_column"),
        s.optionalString("input.id_column"),
        s.optionalString("input.context_column"),
        s.stringMap("input.csv"),
        s.bool("input.ignore_corrupt_files"),
        s.bool("input.skip_malformed_lines"));
  }
}
