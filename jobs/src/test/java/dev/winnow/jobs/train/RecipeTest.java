package dev.winnow.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winnow.jobs.config.ConfigError;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RecipeTest {

  static final String SOURCE = """
      { name = "a", path = "a.csv", format = csv, csv { header = true, sep = ";" }, text = "tweet",
        labels { hate = "class = 0", toxic = "class IN (0, 1)" }, max_rows = 10 }""";

  static String recipe(String extra, String sources) {
    return "recipe { name = r, encoder = \"builtin:all-minilm-l6-v2\", categories = [hate, toxic, refusal]\n"
        + "unsafe_of = [hate, toxic]\n" + extra + "\nsources = [" + sources + "] }";
  }

  @Test
  void readsARecipe() {
    Recipe r = Recipe.parse(recipe("", SOURCE));
    assertEquals(List.of("hate", "toxic", "refusal", "unsafe"), r.labels());
    assertEquals(0.2, r.validationFraction());
    assertEquals(42, r.seed());
    assertEquals(Optional.empty(), r.dataDir());
    RecipeSource s = r.sources().get(0);
    assertEquals(List.of("hate", "toxic"), List.copyOf(s.labels().keySet()));
    assertEquals(";", s.csvOptions().get("sep"));
    assertEquals(Optional.of(10), s.maxRows());
    assertEquals(Path.of("data/a.csv"), s.resolve(Path.of("data")));
    assertEquals(Path.of("training/x.jsonl"),
        new RecipeSource("b", "repo:training/x.jsonl", s.format(), s.csvOptions(), "t", s.labels(), Optional.empty())
            .resolve(Path.of("data")));
  }

  @Test
  void unknownKeysAreNamed() {
    ConfigError top = assertThrows(ConfigError.class, () -> Recipe.parse(recipe("seeed = 1", SOURCE)));
    assertEquals("recipe.seeed", top.key());
    ConfigError inSource = assertThrows(ConfigError.class, () -> Recipe.parse(recipe("",
        SOURCE + ", { name = \"b\", path = p, text = t, lables { hate = \"x = 1\" } }")));
    assertEquals("recipe.sources[1] (b).lables.hate", inSource.key());
  }

  @Test
  void labelsMustBeCategories() {
    ConfigError e = assertThrows(ConfigError.class, () -> Recipe.parse(recipe("",
        "{ name = \"b\", path = p, text = t, labels { hat = \"x = 1\" } }")));
    assertEquals("recipe.sources[0] (b).labels.hat", e.key());
    assertTrue(e.getMessage().contains("[hate, toxic, refusal]"), e.getMessage());
  }

  @Test
  void badValuesAreNamed() {
    assertEquals("recipe.sources[0] (b).text", assertThrows(ConfigError.class, () -> Recipe.parse(recipe("",
        "{ name = \"b\", path = p, labels { hate = \"x = 1\" } }"))).key());
    assertEquals("recipe.sources[1].name", assertThrows(ConfigError.class, () -> Recipe.parse(recipe("",
        SOURCE + "," + SOURCE))).key());
    assertEquals("recipe.unsafe_of", assertThrows(ConfigError.class, () -> Recipe.parse(
        recipe("", SOURCE).replace("unsafe_of = [hate, toxic]", "unsafe_of = [hate, violence]"))).key());
    assertEquals("recipe.validation_fraction", assertThrows(ConfigError.class,
        () -> Recipe.parse(recipe("validation_fraction = 1.5", SOURCE))).key());
    assertEquals("recipe.categories", assertThrows(ConfigError.class, () -> Recipe.parse(
        recipe("", SOURCE).replace("refusal]", "Refusal]"))).key());
    assertEquals("recipe", assertThrows(ConfigError.class, () -> Recipe.load(Path.of("no/such/recipe.conf"))).key());
  }
}
