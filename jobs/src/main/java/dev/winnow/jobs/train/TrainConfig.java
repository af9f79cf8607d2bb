package dev.winnow.jobs.train;

import dev.winnow.jobs.config.LabelSpec;
import dev.winnow.jobs.config.InputSpec;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import dev.winnow.jobs.config.ConfigError;
import dev.winnow.jobs.config.ConfigLoader;
import dev.winnow.jobs.config.JobArgs;
import dev.winnow.jobs.config.ModelSpec;
import dev.winnow.jobs.config.ScoreConfig;
import dev.winnow.jobs.config.Settings;
import dev.winnow.jobs.io.WriteMode;
import dev.winnow.runtime.training.FineTuneMethod;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Every setting of the {@code train} job, validated, with the recipe it names; see {@code
 * conf/train.conf}.
 *
 * @param dataDir where the recipe's source paths are resolved: the recipe's {@code data_dir}, else
 *     the job's
 * @param model {@code model.*} as in the score job; {@code model.ref} defaults to the recipe's encoder
 * @param categories the labels to train, in head order (all of the recipe's unless {@code
 *     training.categories} picks some)
 * @param cvFolds 0, or at least 2 for the cross-validation benchmark
 * @param countsOnly print the label counts of the prepared data and stop (no embedding, no head)
 * @param settings the complete settings as JSON, recorded in the head's metadata
 * @param fineTune {@code training.method = lora | full}: how the encoder is fine-tuned; empty for
 *     {@code head} (a logistic-regression head on the frozen encoder)
 */
public record TrainConfig(
    Recipe recipe,
    Path dataDir,
    ModelSpec model,
    Optional<String> outputPath,
    WriteMode outputMode,
    List<Double> regParams,
    int maxIter,
    double recallTarget,
    List<String> categories,
    int cvFolds,
    int benchmarkMaxRows,
    Optional<String> benchmarkReport,
    Optional<String> benchmarkBaseline,
    String settings,
    Optional<LabeledTable> table,
    Optional<FineTuneSettings> fineTune,
    boolean countsOnly) {

  public static final String DEFAULTS = "dev/winnow/jobs/train-defaults.conf";

  // model.* is the score job's block, defaults included, so both jobs run models the same way.
  private static final ConfigLoader LOADER = new ConfigLoader(
      ConfigLoader.resource(DEFAULTS).withFallback(ScoreConfig.defaults().withOnlyPath("model")), Set.of());

  public TrainConfig {
    regParams = List.copyOf(regParams);
    categories = List.copyOf(categories);
  }

  public boolean benchmark() {
    return cvFolds >= 2;
  }

  public static TrainConfig load(JobArgs args) {
    return from(LOADER.complete(LOADER.userLayer(args)));
  }

  /** From HOCON text (tests), with the same checks and defaults. */
  public static TrainConfig parse(String hocon) {
    return from(LOADER.complete(ConfigFactory.parseString(hocon)));
  }

  private static TrainConfig from(Config complete) {
    Settings given = new Settings(complete);
    Optional<String> recipeFile = given.optionalString("recipe");
    Optional<String> tablePath = given.optionalString("input.path");
    if (recipeFile.isPresent() == tablePath.isPresent()) {
      throw new ConfigError("recipe", recipeFile.isPresent()
          ? "set either recipe (a training recipe) or input.path (one labeled table), not both"
          : "is required, or input.path with labels.* for one labeled table");
    }
    Optional<LabeledTable> table = Optional.empty();
    Recipe recipe;
    if (recipeFile.isPresent()) {
      recipe = Recipe.load(Path.of(recipeFile.get()));
    } else {
      String encoder = given.optionalString("model.ref").orElseThrow(() -> new ConfigError("model.ref",
          "is required with input.path: the encoder the head is trained on, e.g. builtin:e5-small-v2"));
      LabeledTable labeled = new LabeledTable(InputSpec.from(given), LabelSpec.from(given));
      recipe = Recipe.forTable(Path.of(tablePath.get()).getFileName().toString(), encoder, labeled.categories(),
          given.stringList("table.unsafe_of"), given.doubleIn("table.validation_fraction", 0.0, 0.9),
          given.intAtLeast("table.seed", Integer.MIN_VALUE), complete.root().render(ConfigRenderOptions.concise()));
      table = Optional.of(labeled);
    }
    if (given.optionalString("model.ref").isEmpty()) {
      complete = complete.withValue("model.ref", ConfigValueFactory.fromAnyRef(recipe.encoder(), "recipe.encoder"));
    }
    Settings s = new Settings(complete);
    Path dataDir = Path.of(recipe.dataDir().orElse(s.requiredString("data_dir")));

    int cvFolds = s.intAtLeast("benchmark.cv_folds", 0);
    if (cvFolds == 1) {
      throw new ConfigError("benchmark.cv_folds", "must be 0 (train a head) or at least 2");
    }
    Optional<String> output = s.optionalString("output.path");
    boolean countsOnly = s.bool("counts_only");
    if (output.isEmpty() && cvFolds == 0 && !countsOnly) {
      throw new ConfigError("output.path", "is required (the head folder to write)");
    }
    String mode = s.oneOf("output.mode", "error", "overwrite");
    ModelSpec model = ModelSpec.from(s);
    String method = s.oneOf("training.method", "head", "lora", "full");
    Optional<FineTuneSettings> fineTune = method.equals("head") ? Optional.empty()
        : Optional.of(FineTuneSettings.from(s, FineTuneMethod.valueOf(method.toUpperCase(java.util.Locale.ROOT)),
            recipe.seed(), model.resolvedOptions().device().isGpu()));
    return new TrainConfig(
        recipe,
        dataDir,
        model,
        output.map(p -> p.replaceAll("(.)/+$", "$1")),
        mode.equals("error") ? WriteMode.ERROR : WriteMode.OVERWRITE,
        regParams(s),
        s.intAtLeast("training.max_iter", 1),
        s.doubleIn("training.recall_target", 0.0, 1.0),
        categories(s, recipe),
        cvFolds,
        s.intAtLeast("benchmark.max_rows", 0),
        s.optionalString("benchmark.report"),
        s.optionalString("benchmark.baseline"),
        complete.root().render(ConfigRenderOptions.concise()),
        table,
        fineTune,
        countsOnly);
  }

  /** Where the examples come from: the one labeled table, or the recipe's sources. */
  public TrainingExamples examples() {
    return table.<TrainingExamples>map(t -> t).orElseGet(() -> new RecipeData(recipe, dataDir));
  }

  private static List<Double> regParams(Settings s) {
    List<Double> values = new ArrayList<>();
    for (String raw : s.stringList("training.reg_params")) {
      double value;
      try {
        value = Double.parseDouble(raw);
      } catch (NumberFormatException e) {
        throw new ConfigError("training.reg_params", "'" + raw + "' is not a number");
      }
      if (!(value >= 0)) {
        throw new ConfigError("training.reg_params", "must be >= 0, got " + raw);
      }
      values.add(value);
    }
    if (values.isEmpty()) {
      throw new ConfigError("training.reg_params", "must list at least one value");
    }
    return values;
  }

  private static List<String> categories(Settings s, Recipe recipe) {
    List<String> picked = s.stringList("training.categories");
    for (String c : picked) {
      if (!recipe.labels().contains(c)) {
        throw new ConfigError("training.categories", "'" + c + "' is not one of the recipe's " + recipe.labels());
      }
    }
    return picked.isEmpty() ? recipe.labels()
        : recipe.labels().stream().filter(picked::contains).toList();
  }
}
