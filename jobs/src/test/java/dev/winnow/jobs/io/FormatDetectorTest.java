package dev.winnow.jobs.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FormatDetectorTest {

  @TempDir Path dir;

  private InputFormat detect(Path path) throws IOException {
    return FormatDetector.detect(FileSystem.getLocal(new Configuration()), new org.apache.hadoop.fs.Path(path.toUri()));
  }

  private Path touch(String relative) throws IOException {
    Path file = dir.resolve(relative);
    Files.createDirectories(file.getParent());
    return Files.write(file, new byte[] {1});
  }

  @Test
  void filesByExtension() {
    assertEquals(Optional.of(InputFormat.PARQUET), FormatDetector.byExtension("part-0.snappy.parquet"));
    assertEquals(Optional.of(InputFormat.JSONL), FormatDetector.byExtension("a.jsonl"));
    assertEquals(Optional.of(InputFormat.JSONL), FormatDetector.byExtension("a.NDJSON.gz"));
    assertEquals(Optional.of(InputFormat.JSON), FormatDetector.byExtension("a.json.bz2"));
    assertEquals(Optional.of(InputFormat.CSV), FormatDetector.byExtension("a.csv"));
    assertEquals(Optional.empty(), FormatDetector.byExtension("a.txt"));
  }

  @Test
  void singleFile() throws IOException {
    assertEquals(InputFormat.CSV, detect(touch("posts.csv")));
    var e = assertThrows(IllegalArgumentException.class, () -> detect(touch("posts.txt")));
    assertTrue(e.getMessage().contains("posts.txt"), e.getMessage());
  }

  @Test
  void deltaTableByItsLog() throws IOException {
    touch("table/_delta_log/00000000000000000000.json");
    touch("table/part-0.parquet");
    assertEquals(InputFormat.DELTA, detect(dir.resolve("table")));
  }

  @Test
  void directoryOfPartFilesIgnoringBookkeeping() throws IOException {
    touch("out/_SUCCESS");
    touch("out/.part-0.json.crc");
    touch("out/part-0.json");
    touch("out/part-1.json");
    assertEquals(InputFormat.JSON, detect(dir.resolve("out")));
  }

  @Test
  void partitionSubdirectories() throws IOException {
    touch("parts/day=1/part-0.parquet");
    touch("parts/day=2/part-0.parquet");
    assertEquals(InputFormat.PARQUET, detect(dir.resolve("parts")));
  }

  @Test
  void mixedOrEmptyDirectoriesAreErrorsNamingThePath() throws IOException {
    touch("mixed/a.csv");
    touch("mixed/b.parquet");
    var mixed = assertThrows(IllegalArgumentException.class, () -> detect(dir.resolve("mixed")));
    assertTrue(mixed.getMessage().contains("mixed") && mixed.getMessage().contains("CSV"), mixed.getMessage());
    Files.createDirectories(dir.resolve("empty"));
    var empty = assertThrows(IllegalArgumentException.class, () -> detect(dir.resolve("empty")));
    assertTrue(empty.getMessage().contains("empty"), empty.getMessage());
    assertThrows(FileNotFoundException.class, () -> detect(dir.resolve("nope")));
  }
}
