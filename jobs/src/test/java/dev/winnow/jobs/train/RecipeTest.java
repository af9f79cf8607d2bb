package dev.winnow.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winnow.jobs.config.ConfigError;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
    assertEquals(Optional.empty(), s.context(), "a single text unless the source says otherwise");
    assertEquals(Optional.empty(), s.where());
    assertEquals("texts", s.domain(), "a single-text source's default domain");
    assertEquals(List.of(), s.licenses());
    assertEquals(List.of(), r.excludedSources());
    assertEquals(Path.of("data/a.csv"), s.resolve(Path.of("data")));
    assertEquals(Path.of("training/x.jsonl"),
        new RecipeSource("b", "repo:training/x.jsonl", s.format(), s.csvOptions(), "t", Optional.empty(),
            "texts", Optional.empty(), s.labels(), Optional.empty(), List.of()).resolve(Path.of("data")));
  }

  @Test
  void readsContextWhereAndLicense() {
    RecipeSource s = Recipe.parse(recipe("", """
        { name = "pairs", path = p.jsonl, text = response, context = prompt, where = "lang = 'en'",
          license = "CC-BY-4.0", labels { refusal = "label = 'refusal'" } }""")).sources().get(0);
    assertEquals(Optional.of("prompt"), s.context());
    assertEquals("responses", s.domain(), "a paired source's default domain");
    assertEquals(Optional.of("lang = 'en'"), s.where());
    assertEquals(List.of("CC-BY-4.0"), s.licenses());
    RecipeSource mixed = Recipe.parse(recipe("", """
        { name = "pool", path = p.jsonl, text = t, license = [MIT, "Apache-2.0"], labels { hate = "x = 1" } }"""))
        .sources().get(0);
    assertEquals(List.of("MIT", "Apache-2.0"), mixed.licenses());
    assertEquals("prompts", Recipe.parse(recipe("", """
        { name = "p", path = p.jsonl, text = t, domain = prompts, labels { hate = "x = 1" } }"""))
        .sources().get(0).domain());
  }

  private static final String LICENSED = """
      { name = open, path = a.jsonl, text = t, license = MIT, labels { hate = "x = 1" } },
      { name = nc, path = b.jsonl, text = t, license = "CC-BY-NC-4.0", labels { hate = "x = 1" } },
      { name = mixed, path = c.jsonl, text = t, license = [MIT, research-only], labels { toxic = "x = 1" } },
      { name = silent, path = d.jsonl, text = t, license = unstated, labels { toxic = "x = 1" } }""";

  @Test
  void excludeLicensesLeavesOutThoseSources() {
    Recipe all = Recipe.parse(recipe("", LICENSED));
    assertEquals(List.of("open", "nc", "mixed", "silent"), all.sources().stream().map(RecipeSource::name).toList());
    Recipe permissive = Recipe.parse(recipe("exclude_licenses = [cc-by-nc-4.0, research-only, unstated]", LICENSED));
    assertEquals(List.of("open"), permissive.sources().stream().map(RecipeSource::name).toList(),
        "case-insensitive; a source under several licenses goes if any of them is excluded");
    assertEquals(List.of("nc", "mixed", "silent"), permissive.excludedSources());
    assertEquals(List.of("cc-by-nc-4.0", "research-only", "unstated"), permissive.excludeLicenses());
  }

  @Test
  void excludeSourcesAndDomainsLeaveOutSources() {
    String sources = LICENSED + ", { name = chat, path = e.jsonl, text = t, domain = prompts, labels { hate = \"x = 1\" } }";
    Recipe named = Recipe.parse(recipe("exclude_sources = [nc, silent]", sources));
    assertEquals(List.of("open", "mixed", "chat"), named.sources().stream().map(RecipeSource::name).toList());
    assertEquals(List.of("nc", "silent"), named.excludedSources());
    Recipe prompts = Recipe.parse(recipe("domains = [prompts]", sources));
    assertEquals(List.of("chat"), prompts.sources().stream().map(RecipeSource::name).toList());
    Recipe both = Recipe.parse(recipe("domains = [texts], exclude_sources = [open]", sources));
    assertEquals(List.of("nc", "mixed", "silent"), both.sources().stream().map(RecipeSource::name).toList());
    ConfigError typo = assertThrows(ConfigError.class, () -> Recipe.parse(recipe("exclude_sources = [ethos]", sources)));
    assertEquals("recipe.exclude_sources", typo.key());
    assertTrue(typo.getMessage().contains("'ethos'"), typo.getMessage());
    assertEquals("recipe.domains", assertThrows(ConfigError.class,
        () -> Recipe.parse(recipe("domains = [responses]", sources))).key());
  }

  @Test
  void excludeLicensesNeedsEverySourcesLicense() {
    ConfigError unnamed = assertThrows(ConfigError.class, () -> Recipe.parse(recipe("exclude_licenses = [unstated]",
        LICENSED + ", { name = forgot, path = e.jsonl, text = t, labels { hate = \"x = 1\" } }")));
    assertEquals("recipe.sources[4] (forgot).license", unnamed.key(), "fails closed rather than keep unknown terms");
    assertEquals("recipe.exclude_licenses", assertThrows(ConfigError.class,
        () -> Recipe.parse(recipe("exclude_licenses = [MIT, CC-BY-NC-4.0, research-only, unstated]", LICENSED))).key());
    assertEquals("recipe.sources[0] (e).license", assertThrows(ConfigError.class, () -> Recipe.parse(recipe("",
        "{ name = e, path = e.jsonl, text = t, license = [], labels { hate = \"x = 1\" } }"))).key());
  }

  @Test
  void aSourceMayLabelUnsafeOnlyWhenItIsDerived() {
    String states = "{ name = s, path = s.jsonl, text = t, labels { unsafe = \"flagged = 1\" } }";
    assertEquals(Map.of("unsafe", "flagged = 1"), Recipe.parse(recipe("", states)).sources().get(0).labels());
    ConfigError notDerived = assertThrows(ConfigError.class,
        () -> Recipe.parse(recipe("", states).replace("unsafe_of = [hate, toxic]", "")));
    assertEquals("recipe.sources[0] (s).labels.unsafe", notDerived.key());
  }

  /** The v2 recipe and its permissive variant: every source says its license, and the variant drops the restricted ones. */
  @Test
  void safetyV2RecipesParse() {
    Recipe full = Recipe.load(Path.of("../conf/training/safety-v2.conf"));
    Recipe permissive = Recipe.load(Path.of("../conf/training/safety-v2-permissive.conf"));
    assertEquals(full.labels(), permissive.labels());
    assertTrue(full.labels().containsAll(List.of("hate", "harassment", "sexual", "sexual_minors", "violence", "self_harm",
        "weapons", "controlled_substances", "criminal_planning", "pii_privacy", "jailbreak", "refusal", "unsafe")));
    assertEquals(List.of(), full.excludedSources());
    for (RecipeSource s : full.sources()) {
      assertFalse(s.licenses().isEmpty(), s.name() + " names its license");
      boolean restricted = s.licenses().stream().anyMatch(l -> permissive.excludeLicenses().stream().anyMatch(l::equalsIgnoreCase));
      assertEquals(restricted, permissive.excludedSources().contains(s.name()), s.name() + " " + s.licenses());
    }
    assertTrue(permissive.excludedSources().containsAll(List.of("alpaca", "toxicchat", "sorrybench", "guardreasoner_nc", "toxigen_annotated")),
        permissive.excludedSources().toString());
    assertEquals(full.sources().size(), permissive.sources().size() + permissive.excludedSources().size());
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

  /** Each taxonomy file describes exactly the labels its recipe trains, with the fields users read. */
  @Test
  void taxonomiesMatchTheirRecipes() {
    assertTaxonomyDescribes("../conf/taxonomy.conf", 2, Recipe.load(Path.of("../conf/training/safety-v2.conf")),
        List.of("definition", "applies_to", "aegis", "openai", "data", "thin"));
    assertTaxonomyDescribes("../conf/taxonomy-v1.conf", 1, Recipe.load(Path.of("../conf/training/default-safety.conf")),
        List.of("definition", "applies_to", "aegis"));
  }

  private static void assertTaxonomyDescribes(String file, int version, Recipe recipe, List<String> fields) {
    com.typesafe.config.Config taxonomy = com.typesafe.config.ConfigFactory.parseFile(Path.of(file).toFile())
        .resolve().getConfig("taxonomy");
    assertEquals(version, taxonomy.getInt("version"));
    com.typesafe.config.Config categories = taxonomy.getConfig("categories");
    assertEquals(java.util.Set.copyOf(recipe.labels()), categories.root().keySet(), file);
    for (String label : recipe.labels()) {
      for (String field : fields) {
        assertTrue(categories.hasPath(label + "." + field), file + ": " + label + "." + field);
      }
    }
    assertEquals(recipe.unsafeOf(), categories.getStringList("unsafe.any_of"), file);
  }
}
