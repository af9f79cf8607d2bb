package dev.winnow.jobs.config;

import java.util.Optional;

/**
 * The settings shared by jobs that measure scores against labels ({@code evaluate}, {@code
 * calibrate}): which labeled rows, how their labels are laid out, and where their scores come from.
 *
 * @param scored whether the input already holds score columns ({@code input.scored}); then no
 *     model runs and {@code model} is empty
 * @param scorePrefix prefix of the score columns, read or written
 * @param model how to score; empty when {@code scored}
 * @param modelRef {@code model.ref}, also when the input is already scored (naming the model in
 *     reports)
 */
public record LabeledSource(
    InputSpec input,
    boolean scored,
    String scorePrefix,
    LabelSpec labels,
    Optional<ModelSpec> model,
    Optional<String> modelRef,
    ThresholdSpec thresholds) {

  static LabeledSource from(Settings s) {
    boolean scored = s.bool("input.scored");
    return new LabeledSource(
        InputSpec.from(s),
        scored,
        s.string("input.score_prefix"),
        LabelSpec.from(s),
        scored ? Optional.empty() : Optional.of(ModelSpec.from(s)),
        s.optionalString("model.ref"),
        ThresholdSpec.from(s));
  }
}
