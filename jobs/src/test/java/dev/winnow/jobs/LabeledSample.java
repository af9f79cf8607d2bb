package dev.winnow.jobs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Ten labeled texts for {@link dev.winnow.spark.testing.FakeClassifier} (toxic = '!' / 4,
 * self_harm = upper-case share of letters): a -1 / null unknown row, a null text, tied scores, and
 * no labels for the fake's third category (hate_speech). Expected numbers are worked out in the
 * tests that use it.
 */
final class LabeledSample {

  private LabeledSample() {}

  static Path write(Path dir) throws IOException {
    return Files.writeString(dir.resolve("labeled.jsonl"), """
        {"id": 1, "text": "ok", "toxic": 0, "Self Harm": false}
        {"id": 2, "text": "hey!", "toxic": 0, "Self Harm": false}
        {"id": 3, "text": "WOW!!", "toxic": 1, "Self Harm": true}
        {"id": 4, "text": "NO!!!!", "toxic": 1, "Self Harm": true}
        {"id": 5, "text": "Hmm!!", "toxic": 0, "Self Harm": false}
        {"id": 6, "text": "bad!!!", "toxic": 1, "Self Harm": false}
        {"id": 7, "text": "Quiet", "toxic": 1, "Self Harm": true}
        {"id": 8, "text": "wait!", "toxic": -1, "Self Harm": null}
        {"id": 9, "text": null, "toxic": 1, "Self Harm": false}
        {"id": 10, "text": "Yes Sir", "toxic": 0, "Self Harm": true}
        """);
  }

  /** input + labels settings for the sample. */
  static String settings(Path file) {
    return "input { path = \"" + file + "\", id_column = id }\n"
        + "labels.columns = [toxic, \"Self Harm\"]\n"
        + "model.ref = \"test:fake\"\n";
  }
}
