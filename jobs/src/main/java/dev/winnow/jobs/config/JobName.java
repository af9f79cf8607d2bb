package dev.winnow.jobs.config;

import java.util.Arrays;
import java.util.Optional;
import java.util.Map;

/**
 * The jobs {@code bin/winnow} runs, with what their command line says about them: a one-line
 * summary for help, a setting the usage's example sets (one each job really has, so the example
 * works as written), and shorthand flags that stand for a setting.
 */
public enum JobName {
  SCORE("score", "Score a corpus: one score column per category, flags, metrics.", "output.mode=overwrite", Map.of()),
  TRAIN("train", "Train a classifier (head, LoRA or full fine-tune) from a recipe or a labeled table.",
      "output.mode=overwrite", Map.of()),
  EVALUATE("evaluate", "Measure a model on labeled data: per-category precision, recall, AUPRC.",
      "output.mode=overwrite", Map.of()),
  CALIBRATE("calibrate", "Choose per-category thresholds on labeled data and write them as a file.",
      "output.mode=overwrite", Map.of()),
  CHATLOGS("chatlogs", "Score one night of chat turns (or every night since a date) per role.", "model.device=cpu",
      Map.of("--date", new Shorthand("date", "D", "score the night D (YYYY-MM-DD)"),
          "--since", new Shorthand("since", "D", "score every night from D (YYYY-MM-DD) on"))),
  BENCH("bench", "Measure scoring speed and memory of each execution mode on a synthetic corpus.",
      "corpus.rows=200", Map.of());

  /** A flag that sets one setting: {@code --date D} is {@code --set date=D}. */
  public record Shorthand(String setting, String valueLabel, String description) {}

  private final String command;
  private final String summary;
  private final String exampleSetting;
  private final Map<String, Shorthand> shorthands;

  JobName(String command, String summary, String exampleSetting, Map<String, Shorthand> shorthands) {
    this.command = command;
    this.summary = summary;
    this.exampleSetting = exampleSetting;
    this.shorthands = shorthands;
  }

  /** The subcommand, and the name of the job's settings file {@code conf/<command>.conf}. */
  public String command() {
    return command;
  }

  public String summary() {
    return summary;
  }

  public String exampleSetting() {
    return exampleSetting;
  }

  /** By flag ({@code --date}). */
  public Map<String, Shorthand> shorthands() {
    return shorthands;
  }

  /** The job run by {@code command}, if there is one. */
  public static Optional<JobName> named(String command) {
    return Arrays.stream(values()).filter(j -> j.command.equals(command)).findFirst();
  }
}
