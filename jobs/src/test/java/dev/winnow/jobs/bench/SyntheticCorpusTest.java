package dev.winnow.jobs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticCorpusTest {

  private static final BenchConfig.CorpusSpec SPEC = new BenchConfig.CorpusSpec(0, 4, 7, 30, 0.9, 4, 200, 3);

  @Test
  void sameSeedSameTextsAndShorterCorpusIsAPrefix() {
    List<String> large = SyntheticCorpus.generate(SPEC, 400);
    assertEquals(large, SyntheticCorpus.generate(SPEC, 400));
    assertEquals(large.subList(0, 100), SyntheticCorpus.generate(SPEC, 100));
    BenchConfig.CorpusSpec other = new BenchConfig.CorpusSpec(0, 4, 8, 30, 0.9, 4, 200, 3);
    assertNotEquals(large, SyntheticCorpus.generate(other, 400));
  }

  @Test
  void lengthsAreMixedWithinBoundsAroundTheMedian() {
    int[] words = SyntheticCorpus.generate(SPEC, 2000).stream()
        .mapToInt(t -> t.split(" ").length)
        .sorted()
        .toArray();
    assertTrue(words[0] >= SPEC.minWords() && words[words.length - 1] <= SPEC.maxWords(), Arrays.toString(words));
    int median = words[words.length / 2];
    assertTrue(median > 24 && median < 36, "median words " + median);
    assertTrue(words[words.length * 95 / 100] > 2 * median, "a long tail: p95 " + words[words.length * 95 / 100]);
  }

  @Test
  void parquetRoundTripKeepsOrderAcrossFiles(@TempDir Path dir) {
    List<String> texts = SyntheticCorpus.generate(SPEC, 50);
    Path folder = dir.resolve("corpus");
    CorpusFiles.write(folder, texts, 3);
    assertEquals(3, folder.toFile().list((d, name) -> name.endsWith(".parquet")).length);
    assertEquals(texts, CorpusFiles.read(folder));
    CorpusFiles.write(folder, texts.subList(0, 5), 1);
    assertEquals(texts.subList(0, 5), CorpusFiles.read(folder), "a rewrite replaces the old files");
  }
}
