package dev.winnow.jobs.config;

import dev.winnow.jobs.io.InputFormat;
import java.util.Map;
import java.util.Optional;

/** {@code input.*}: where the texts are and which columns hold them. */
public record InputSpec(
    String path,
    InputFormat format,
    String textColumn,
    Optional<String> idColumn,
    Map<String, String> csvOptions) {

  public InputSpec {
    csvOptions = Map.copyOf(csvOptions);
  }

  public static InputSpec from(Settings s) {
    return new InputSpec(
        s.requiredString("input.path"),
        s.oneOf("input.format", InputFormat.class),
        s.requiredString("input.text_column"),
        s.optionalString("input.id_column"),
        s.stringMap("input.csv"));
  }
}
