package dev.winnow.jobs.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A JSON Lines file of labeled posts ({@code body}, {@code insult}, {@code threat}; JSON null is
 * unknown) and a recipe over it, as the train job's end-to-end tests write them.
 */
final class PostsRecipe {

  private PostsRecipe() {}

  static String row(String text, String insult, String threat) {
    return "{\"body\": \"" + text + "\", \"insult\": " + insult + ", \"threat\": " + threat + "}\n";
  }

  /** Writes {@code posts.jsonl} and {@code recipe.conf} into {@code dir}; returns the recipe file. */
  static Path write(Path dir, CharSequence rows, String name, Object encoder, List<String> unsafeOf,
      double validationFraction, int seed) throws IOException {
    Files.writeString(dir.resolve("posts.jsonl"), rows);
    return Files.writeString(dir.resolve("recipe.conf"), """
        recipe {
          name = "%s"
          encoder = "%s"
          categories = [insult, threat]
          %s
          data_dir = "%s"
          validation_fraction = %s
          seed = %d
          sources = [ { name = posts, path = "posts.jsonl", format = jsonl, text = "body",
                        labels { insult = "insult = 1", threat = "threat = 1" } } ]
        }
        """.formatted(name, encoder, unsafeOf.isEmpty() ? "" : "unsafe_of = [" + String.join(", ", unsafeOf) + "]",
        dir, validationFraction, seed));
  }
}
