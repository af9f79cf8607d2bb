package dev.winnow.jobs.train;

import com.typesafe.config.Config;
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
 * category labels).
 *
 * @param path as written: relative to the data dir, or {@code repo:PATH} relative to the working
 *     directory
 * @param text Spark SQL expression giving the text
 * @param labels category to Spark SQL boolean expression, in recipe order; categories not listed
 *     are unknown for every row of this source
 * @param maxRows keep at most this many rows, a sample seeded by the recipe's seed
 */
public record RecipeSource(
    String name,
    String path,
    InputFormat format,
    Map<String, String> csvOptions,
    String text,
    Map<String, String> labels,
    Optional<Integer> maxRows) {

  static final String REPO_PREFIX = "repo:";

  private static final ConfigLoader LOADER = new ConfigLoader(
      "dev/winnow/jobs/recipe-source-defaults.conf", Set.of("csv", "labels"));

  public RecipeSource {
    csvOptions = Map.copyOf(csvOptions);
    labels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(labels));
  }

  /**
   * Reads and checks one source block.
   *
   * @param where how errors name the block, e.g. {@code recipe.sources[2]}
   * @param categories the recipe's categories: every label must be one of them
   */
  static RecipeSource from(Config block, String where, List<String> categories) {
    try {
      Settings s = new Settings(LOADER.complete(block));
      String name = s.requiredString("name");
      Map<String, String> labels = new LinkedHashMap<>();
      for (Map.Entry<String, String> e : s.stringMap("labels").entrySet()) {
        if (!categories.contains(e.getKey())) {
          throw new ConfigError("labels." + e.getKey(),
              "not a category of the recipe (recipe.categories = " + categories + ")");
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
      return new RecipeSource(name, s.requiredString("path"), s.oneOf("format", InputFormat.class),
          s.stringMap("csv"), s.requiredString("text"), labels, maxRows);
    } catch (ConfigError e) {
      String named = block.hasPath("name") ? where + " (" + block.getValue("name").unwrapped() + ")" : where;
      throw e.within(named);
    }
  }

  /** The file this source reads: {@code repo:} paths from the working directory, others from {@code dataDir}. */
  public Path resolve(Path dataDir) {
    return path.startsWith(REPO_PREFIX) ? Path.of(path.substring(REPO_PREFIX.length())) : dataDir.resolve(path);
  }
}
