package dev.winnow.jobs.train;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueType;
import dev.winnow.jobs.config.ConfigError;
import dev.winnow.jobs.config.ConfigLoader;
import dev.winnow.jobs.config.Settings;
import dev.winnow.jobs.io.InputFormat;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One element of a recipe's {@code sources}: a labeled file and how its rows become (text,
 * optional context, category labels).
 *
 * @param path as written: relative to the data dir, or {@code repo:PATH} relative to the working
 *     directory
 * @param text Spark SQL expression giving the text
 * @param context Spark SQL expression giving what the text answers (the prompt of a response);
 *     empty for single texts
 * @param domain the kind of text (prompts, social posts, responses, ...), for validation metrics
 *     reported per domain: thresholds calibrated on a mixture must hold in each part of it
 * @param where Spark SQL boolean expression: only rows where it is true are used; empty for all
 * @param labels category to Spark SQL boolean expression, in recipe order; categories not listed
 *     are unknown for every row of this source. May include {@value Recipe#UNSAFE} when the recipe
 *     derives it: the source then decides it (NULL = unknown) instead of it being derived
 * @param maxRows keep at most this many rows (after {@code where}), a sample seeded by the recipe's seed
 * @param licenses the terms the rows are under, as the recipe names them (SPDX ids where there is
 *     one); empty when the source does not say. A recipe's {@code exclude_licenses} leaves out a
 *     source if any of them is excluded
 */
public record RecipeSource(
    String name,
    String path,
    InputFormat format,
    Map<String, String> csvOptions,
    String text,
    Optional<String> context,
    String domain,
    Optional<String> where,
    Map<String, String> labels,
    Optional<Integer> maxRows,
    List<String> licenses) {

  static final String REPO_PREFIX = "repo:";
  static final String RESPONSES = "responses";
  static final String TEXTS = "texts";

  private static final ConfigLoader LOADER = new ConfigLoader(
      "dev/winnow/jobs/recipe-source-defaults.conf", Set.of("csv", "labels"));

  public RecipeSource {
    csvOptions = Map.copyOf(csvOptions);
    labels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    licenses = List.copyOf(licenses);
  }

  /**
   * Reads and checks one source block.
   *
   * @param where how errors name the block, e.g. {@code recipe.sources[2]}
   * @param labelNames what a source may label: the recipe's categories, and {@value Recipe#UNSAFE}
   *     when the recipe derives it
   */
  static RecipeSource from(Config block, String where, List<String> labelNames) {
    try {
      Settings s = new Settings(LOADER.complete(block));
      String name = s.requiredString("name");
      Map<String, String> labels = new LinkedHashMap<>();
      for (Map.Entry<String, String> e : s.stringMap("labels").entrySet()) {
        if (!labelNames.contains(e.getKey())) {
          List<String> categories = labelNames.stream().filter(l -> !l.equals(Recipe.UNSAFE)).toList();
          throw new ConfigError("labels." + e.getKey(), "not a category of the recipe (recipe.categories = " + categories
              + (labelNames.contains(Recipe.UNSAFE) ? ", or " + Recipe.UNSAFE : "") + ")");
        }
        if (e.getValue().isBlank()) {
          throw new ConfigError("labels." + e.getKey(), "empty expression");
        }
        labels.put(e.getKey(), e.getValue());
      }
      if (labels.isEmpty()) {
        throw new ConfigError("labels", "lists no category; a source must label at least one");
      }
      Optional<Integer> maxRows = block.hasPath("max_rows")
          ? Optional.of(s.intAtLeast("max_rows", 1)) : Optional.empty();
      Optional<String> context = s.optionalString("context");
      String domain = s.optionalString("domain").orElse(context.isPresent() ? RESPONSES : TEXTS);
      return new RecipeSource(name, s.requiredString("path"), s.oneOf("format", InputFormat.class),
          s.stringMap("csv"), s.requiredString("text"), context, domain, s.optionalString("where"),
          labels, maxRows, licenses(s));
    } catch (ConfigError e) {
      String named = block.hasPath("name") ? where + " (" + block.getValue("name").unwrapped() + ")" : where;
      throw e.within(named);
    }
  }

  /** {@code license = "MIT"} or, for a source gathered from several, {@code license = [MIT, Apache-2.0]}. */
  private static List<String> licenses(Settings s) {
    if (!s.config().hasPath("license")) {
      return List.of();
    }
    List<String> licenses = s.config().getValue("license").valueType() == ConfigValueType.LIST
        ? s.stringList("license") : List.of(s.requiredString("license"));
    if (licenses.isEmpty() || licenses.stream().anyMatch(String::isBlank)) {
      throw new ConfigError("license", "names no license; leave the key out if the source does not say");
    }
    return licenses;
  }

  /** The file this source reads: {@code repo:} paths from the working directory, others from {@code dataDir}. */
  public Path resolve(Path dataDir) {
    return path.startsWith(REPO_PREFIX) ? Path.of(path.substring(REPO_PREFIX.length())) : dataDir.resolve(path);
  }
}
