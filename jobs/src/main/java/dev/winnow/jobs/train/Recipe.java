package dev.winnow.jobs.train;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.winnow.jobs.config.ConfigError;
import dev.winnow.jobs.config.ConfigLoader;
import dev.winnow.jobs.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A training recipe: which encoder, which categories, and which labeled sources teach them (see
 * {@code conf/training/default-safety.conf}). Keys are strict, like job settings: an unknown key,
 * in the recipe or in one of its sources, is an error naming it.
 *
 * @param unsafeOf categories whose positives make the derived category {@value #UNSAFE}; empty for
 *     none
 * @param dataDir where source paths are resolved; empty means the job's {@code data_dir}
 * @param sources the sources trained on: those {@code exclude_licenses}, {@code exclude_sources} and
 *     {@code domains} leave in
 * @param excludeLicenses licenses whose sources are left out (e.g. non-commercial terms), as written
 * @param excludedSources names of the sources left out, in recipe order
 * @param rendered the complete recipe as JSON, recorded in the head's metadata
 */
public record Recipe(
    String name,
    String encoder,
    List<String> categories,
    List<String> unsafeOf,
    Optional<String> dataDir,
    double validationFraction,
    long seed,
    List<RecipeSource> sources,
    List<String> excludeLicenses,
    List<String> excludedSources,
    String rendered) {

  /** Each source's {@link RecipeSource#domain}, by source name. */
  public Map<String, String> domains() {
    Map<String, String> byName = new LinkedHashMap<>();
    sources.forEach(s -> byName.put(s.name(), s.domain()));
    return byName;
  }

  /** The derived overall category, last among a head's labels. */
  public static final String UNSAFE = "unsafe";

  /** Column names the training frame and MLlib's LogisticRegression use, so no category may take them. */
  static final Set<String> RESERVED = Set.of(TrainingSet.TEXT, TrainingSet.SOURCE, TrainingSet.IS_VALIDATION,
      TrainingSet.FEATURES, LogisticFitter.LABEL, LogisticFitter.WEIGHT, AgileBenchmark.FOLD,
      "probability", "rawPrediction", "prediction");

  private static final ConfigLoader LOADER =
      new ConfigLoader("dev/winnow/jobs/recipe-defaults.conf", Set.of());

  public Recipe {
    categories = List.copyOf(categories);
    unsafeOf = List.copyOf(unsafeOf);
    sources = List.copyOf(sources);
    excludeLicenses = List.copyOf(excludeLicenses);
    excludedSources = List.copyOf(excludedSources);
  }

  /** The categories a head predicts: the recipe's, then {@value #UNSAFE} when {@code unsafe_of} is set. */
  public List<String> labels() {
    if (unsafeOf.isEmpty()) {
      return categories;
    }
    List<String> labels = new ArrayList<>(categories);
    labels.add(UNSAFE);
    return List.copyOf(labels);
  }

  /** Reads a recipe file; errors name the key ({@code recipe.sources[1] (mlma).labels.hat}). */
  public static Recipe load(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ConfigError("recipe", "no such file: " + file.toAbsolutePath());
    }
    Config parsed;
    try {
      // Resolved first: ${?WINNOW_DATA_DIR} may be unset, and the key check needs plain values.
      parsed = ConfigFactory.parseFile(file.toFile()).resolve();
    } catch (ConfigException e) {
      throw new ConfigError("recipe", "cannot parse " + file + ": " + e.getMessage(), e);
    }
    return parse(parsed);
  }

  /** From HOCON text (tests), with the same checks. */
  public static Recipe parse(String hocon) {
    return parse(ConfigFactory.parseString(hocon).resolve());
  }

  private static Recipe parse(Config user) {
    Config complete = LOADER.complete(user);
    Settings s = new Settings(complete);
    List<String> categories = s.stringList("recipe.categories");
    if (categories.isEmpty()) {
      throw new ConfigError("recipe.categories", "is required (a list of category names)");
    }
    List<String> unsafeOf = s.stringList("recipe.unsafe_of");
    checkCategories(categories, unsafeOf, "recipe.categories", "recipe.unsafe_of");
    // A source may label the derived category itself (e.g. a set judged only safe / unsafe overall).
    List<String> labelNames = new ArrayList<>(categories);
    if (!unsafeOf.isEmpty()) {
      labelNames.add(UNSAFE);
    }
    List<String> excludeLicenses = s.stringList("recipe.exclude_licenses");
    List<RecipeSource> all = sources(complete, labelNames);
    Set<String> excludeNames = knownSourceNames(s.stringList("recipe.exclude_sources"), all);
    List<String> keepDomains = s.stringList("recipe.domains");
    List<RecipeSource> kept = new ArrayList<>();
    List<String> excluded = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      RecipeSource source = all.get(i);
      if (!excludeLicenses.isEmpty() && source.licenses().isEmpty()) {
        // Fail closed: a filtered recipe must not keep a source whose terms nobody wrote down.
        throw new ConfigError("recipe.sources[" + i + "] (" + source.name() + ").license",
            "is required when recipe.exclude_licenses is set (write \"unstated\" if the source states none)");
      }
      boolean leftOut = source.licenses().stream().anyMatch(l -> containsIgnoringCase(excludeLicenses, l))
          || excludeNames.contains(source.name())
          || !keepDomains.isEmpty() && !keepDomains.contains(source.domain());
      if (leftOut) {
        excluded.add(source.name());
      } else {
        kept.add(source);
      }
    }
    if (kept.isEmpty()) {
      String key = !excludeLicenses.isEmpty() ? "recipe.exclude_licenses"
          : !excludeNames.isEmpty() ? "recipe.exclude_sources" : "recipe.domains";
      throw new ConfigError(key, "leaves out every source " + excluded);
    }
    return new Recipe(
        s.requiredString("recipe.name"),
        s.requiredString("recipe.encoder"),
        categories,
        unsafeOf,
        s.optionalString("recipe.data_dir"),
        s.doubleIn("recipe.validation_fraction", 0.0, 0.9),
        s.intAtLeast("recipe.seed", Integer.MIN_VALUE),
        kept,
        excludeLicenses,
        excluded,
        complete.getConfig("recipe").root().render(ConfigRenderOptions.concise()));
  }

  /** {@code names} as a set, each checked against the recipe's sources so that a typo cannot keep a source in. */
  private static Set<String> knownSourceNames(List<String> names, List<RecipeSource> sources) {
    Set<String> known = new HashSet<>();
    sources.forEach(source -> known.add(source.name()));
    for (String name : names) {
      if (!known.contains(name)) {
        throw new ConfigError("recipe.exclude_sources", "names no source '" + name + "'; the recipe's sources are " + known);
      }
    }
    return Set.copyOf(names);
  }

  private static boolean containsIgnoringCase(List<String> list, String value) {
    return list.stream().anyMatch(v -> v.equalsIgnoreCase(value));
  }

  /**
   * A recipe for one labeled table read by the job itself ({@link LabeledTable}): no sources, the
   * rest as a recipe file would say it.
   */
  static Recipe forTable(String name, String encoder, List<String> categories, List<String> unsafeOf,
      double validationFraction, long seed, String rendered) {
    checkCategories(categories, unsafeOf, "labels", "table.unsafe_of");
    return new Recipe(name, encoder, categories, unsafeOf, Optional.empty(), validationFraction, seed, List.of(),
        List.of(), List.of(), rendered);
  }

  private static void checkCategories(List<String> categories, List<String> unsafeOf, String categoriesKey,
      String unsafeKey) {
    Set<String> seen = new HashSet<>();
    for (String category : categories) {
      if (!category.matches("[a-z][a-z0-9_]*")) {
        throw new ConfigError(categoriesKey, "'" + category
            + "' is not a lowercase name of letters, digits and _ (it names columns and thresholds)");
      }
      if (RESERVED.contains(category) || !seen.add(category)) {
        throw new ConfigError(categoriesKey, "'" + category + "' is reserved or listed twice");
      }
    }
    for (String category : unsafeOf) {
      if (!categories.contains(category)) {
        throw new ConfigError(unsafeKey, "'" + category + "' is not one of the categories " + categories);
      }
    }
    if (!unsafeOf.isEmpty() && categories.contains(UNSAFE)) {
      throw new ConfigError(categoriesKey, "'" + UNSAFE + "' is derived from " + unsafeKey + "; do not list it");
    }
  }

  private static List<RecipeSource> sources(Config complete, List<String> labelNames) {
    List<? extends ConfigValue> list;
    try {
      list = complete.getList("recipe.sources");
    } catch (ConfigException.WrongType e) {
      throw new ConfigError("recipe.sources", "expected a list of source blocks", e);
    }
    if (list.isEmpty()) {
      throw new ConfigError("recipe.sources", "is required (at least one source)");
    }
    List<RecipeSource> sources = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      String where = "recipe.sources[" + i + "]";
      if (list.get(i).valueType() != ConfigValueType.OBJECT) {
        throw new ConfigError(where, "expected a { name = ..., path = ..., ... } block");
      }
      RecipeSource source = RecipeSource.from(((ConfigObject) list.get(i)).toConfig(), where, labelNames);
      if (!names.add(source.name())) {
        throw new ConfigError(where + ".name", "'" + source.name() + "' names two sources");
      }
      sources.add(source);
    }
    return sources;
  }
}
