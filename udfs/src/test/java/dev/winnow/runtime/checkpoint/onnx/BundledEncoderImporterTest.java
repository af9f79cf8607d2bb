package dev.winnow.runtime.checkpoint.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cache behaviour, on the smaller all-MiniLM-L6-v2. Every test leaves an intact folder behind, so
 * tests do not depend on their order.
 */
class BundledEncoderImporterTest {

  private static final BundledEncoder MINILM = BundledEncoder.ALL_MINILM_L6_V2;
  private static final String WEIGHTS = "model.safetensors";

  @TempDir static Path cacheRoot;
  private static BundledEncoderImporter importer;
  private static Path folder;
  private static String weightsSha256;

  @BeforeAll
  static void importOnce() throws IOException {
    importer = new BundledEncoderImporter(cacheRoot);
    folder = importer.importEncoder(MINILM);
    weightsSha256 = ImportManifest.sha256(folder.resolve(WEIGHTS));
  }

  @Test
  void writesA6LayerBertModel() throws IOException {
    SafetensorsFile checkpoint = SafetensorsFile.read(folder.resolve(WEIGHTS));
    Map<String, long[]> expected = ExpectedBertTensors.shapes(6);
    assertEquals(expected.keySet(), checkpoint.names());
    expected.forEach((name, shape) -> assertArrayEquals(shape, checkpoint.shape(name), name));
  }

  @Test
  void reusesAnIntactFolderWithoutRewritingIt() throws IOException {
    Map<String, Object> before = identities();
    assertEquals(folder, importer.importEncoder(MINILM));
    assertEquals(folder, new BundledEncoderImporter(cacheRoot).importEncoder(MINILM));
    assertEquals(before, identities());
  }

  @Test
  void rebuildsTruncatedWeights() throws IOException {
    try (FileChannel weights = FileChannel.open(folder.resolve(WEIGHTS), StandardOpenOption.WRITE)) {
      weights.truncate(weights.size() / 2);
    }
    assertRebuilt();
  }

  @Test
  void rebuildsWeightsWithAFlippedByte() throws IOException {
    flipByte(folder.resolve(WEIGHTS), 1_000_000);
    assertRebuilt();
  }

  @Test
  void aFreshJvmFindsAFlippedByteEvenWhenSizeAndTimeAreUnchanged() throws IOException {
    Path weights = folder.resolve(WEIGHTS);
    FileTime modified = Files.getLastModifiedTime(weights);
    flipByte(weights, 2_000_000);
    Files.setLastModifiedTime(weights, modified);
    BundledEncoderImporter.forgetVerifiedFolders();
    assertRebuilt();
  }

  @Test
  void rebuildsAMissingFile() throws IOException {
    Files.delete(folder.resolve("tokenizer.json"));
    assertRebuilt();
  }

  @Test
  void rebuildsAFolderWithoutManifest() throws IOException {
    Files.delete(folder.resolve(ImportManifest.FILE_NAME));
    assertRebuilt();
  }

  @Test
  void rebuildsAFolderWithAnUnreadableManifest() throws IOException {
    Files.writeString(folder.resolve(ImportManifest.FILE_NAME), "{\"format\": ");
    assertRebuilt();
  }

  @Test
  void concurrentImportsAgreeAndLeaveNoStagingFolders() throws Exception {
    BundledEncoderImporter fresh = new BundledEncoderImporter(cacheRoot.resolve("concurrent"));
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      Callable<Path> importing = () -> fresh.importEncoder(MINILM);
      List<Future<Path>> results = pool.invokeAll(List.of(importing, importing, importing));
      for (Future<Path> result : results) {
        assertEquals(fresh.folderOf(MINILM), result.get());
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(weightsSha256, ImportManifest.sha256(fresh.folderOf(MINILM).resolve(WEIGHTS)));
    try (var entries = Files.list(fresh.cacheRoot().resolve("encoders"))) {
      assertEquals(List.of(MINILM.encoderName()), entries.map(path -> path.getFileName().toString()).toList());
    }
  }

  @Test
  void defaultCacheRootFollowsTheSystemProperty() {
    String previous = System.getProperty(BundledEncoderImporter.CACHE_DIR_PROPERTY);
    try {
      System.setProperty(BundledEncoderImporter.CACHE_DIR_PROPERTY, cacheRoot.toString());
      assertEquals(cacheRoot, BundledEncoderImporter.defaultCacheRoot());
      assertEquals(folder, BundledEncoderImporter.defaultImporter().folderOf(MINILM));
    } finally {
      if (previous == null) {
        System.clearProperty(BundledEncoderImporter.CACHE_DIR_PROPERTY);
      } else {
        System.setProperty(BundledEncoderImporter.CACHE_DIR_PROPERTY, previous);
      }
    }
  }

  /** Re-imports and checks the folder was replaced by an identical, intact build. */
  private static void assertRebuilt() throws IOException {
    Map<String, Object> damaged = identities();
    assertEquals(folder, importer.importEncoder(MINILM));
    assertNotEquals(damaged.get(WEIGHTS), identities().get(WEIGHTS), "model.safetensors was not rewritten");
    assertEquals(weightsSha256, ImportManifest.sha256(folder.resolve(WEIGHTS)));
    assertTrue(ImportManifest.problemWith(folder, MINILM, EncoderCheckpointWriter.FILES).isEmpty());
    try (var entries = Files.list(folder.getParent())) {
      assertEquals(List.of(folder), entries.toList(), "staging or stale folders left behind");
    }
  }

  /** Inode of each file present; a rewrite or replacement changes it. */
  private static Map<String, Object> identities() throws IOException {
    Map<String, Object> identities = new TreeMap<>();
    try (var files = Files.list(folder)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        identities.put(file.getFileName().toString(), List.of(attributes.fileKey(), attributes.lastModifiedTime()));
      }
    }
    return identities;
  }

  private static void flipByte(Path file, long position) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer one = ByteBuffer.allocate(1);
      channel.read(one, position);
      one.put(0, (byte) ~one.get(0)).rewind();
      channel.write(one, position);
    }
  }
}
