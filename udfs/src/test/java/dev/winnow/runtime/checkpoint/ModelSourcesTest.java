package dev.winnow.runtime.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winnow.runtime.InferenceOptions;
import dev.winnow.runtime.ModelInfo;
import dev.winnow.runtime.Models;
import dev.winnow.runtime.ScoreActivation;
import dev.winnow.runtime.UserError;
import dev.winnow.runtime.testing.CheckpointFixtures;
import dev.winnow.runtime.testing.CheckpointFixtures.Architecture;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Resolution of references to formats, and refusal of what must not load. */
class ModelSourcesTest {

  @TempDir Path dir;

  private Path checkpoint(String name) {
    return CheckpointFixtures.sequenceClassifier(
        dir.resolve(name), Architecture.BERT, List.of("Hate Speech", "violence"), "multi_label_classification", 5);
  }

  @Test
  void describesWithoutLoadingWeights() {
    ModelInfo info = Models.describe(checkpoint("m").toString());
    assertEquals(List.of("Hate Speech", "violence"), info.labels());
    assertEquals(ScoreActivation.SIGMOID, info.activation());
    assertEquals(CheckpointFixtures.MAX_POSITIONS, info.maxTokens());
    assertEquals(64, info.contentHash().length());
    assertTrue(info.id().startsWith("m@"));
  }

  @Test
  void contentHashFollowsTheBytes() throws IOException {
    Path a = checkpoint("a");
    String before = Models.describe(a.toString()).contentHash();
    Path config = a.resolve("config.json");
    Files.writeString(config, Files.readString(config).replace("\"violence\"", "\"violent\""));
    assertNotEquals(before, Models.describe(a.toString()).contentHash());
  }

  @Test
  void truncatedWeightsFailNamingTheFile() throws IOException {
    Path m = checkpoint("t");
    Path weights = m.resolve("model.safetensors");
    try (RandomAccessFile file = new RandomAccessFile(weights.toFile(), "rw")) {
      file.setLength(file.length() - 100);
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Models.load(m.toString(), InferenceOptions.DEFAULTS));
    assertTrue(e.getMessage().contains(weights.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
  }

  /**
   * A tensor renamed, or reshaped to the same size, in the header: the file is intact, so only a
   * check against config.json finds it, and the driver's check must, before any task loads it.
   */
  @ParameterizedTest
  @CsvSource({
      "layer.1.attention.self.query.weight, layer.1.attention.self.qvery.weight, 'tensor ''encoder.layer.1.attention.self.query.weight'' (or ''bert.encoder.layer.1.attention.self.query.weight'') is missing'",
      "'\"shape\":[64,32]', '\"shape\":[32,64]', 'tensor ''bert.encoder.layer.0.intermediate.dense.weight'' has shape [32, 64]'"})
  void weightsThatDoNotMatchTheConfigFailBeforeLoading(String from, String to, String expected) throws IOException {
    Path m = checkpoint("mismatch");
    Path weights = m.resolve("model.safetensors");
    byte[] bytes = Files.readAllBytes(weights);
    String header = new String(bytes, 8, (int) java.nio.ByteBuffer.wrap(bytes, 0, 8)
        .order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong(), java.nio.charset.StandardCharsets.ISO_8859_1);
    assertTrue(header.contains(from), header);
    String edited = header.replaceFirst(java.util.regex.Pattern.quote(from), to);
    assertEquals(header.length(), edited.length(), "same length: offsets stay valid");
    System.arraycopy(edited.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), 0, bytes, 8, edited.length());
    Files.write(weights, bytes);
    UserError e = assertThrows(UserError.class, () -> ModelSources.verifyFiles(ModelSources.resolve(m.toString())));
    assertTrue(e.getMessage().contains(weights.toString()) && e.getMessage().contains("does not match its config.json"),
        e.getMessage());
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  @Test
  void theBundledEncoderAndAHeadOnItPassTheDriversCheck() {
    ModelSources.verifyFiles(ModelSources.resolve("builtin:e5-small-v2"));
    ModelSources.verifyFiles(ModelSources.resolve("builtin:winnow-safety"));
    ModelSources.verifyFiles(ModelSources.resolve(checkpoint("intact").toString()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"tokenizer.json", "model.safetensors"})
  void aMissingFileIsNamed(String file) throws IOException {
    Path m = checkpoint("missing-" + file);
    Files.delete(m.resolve(file));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Models.describe(m.toString()));
    assertTrue(e.getMessage().contains(file), e.getMessage());
  }

  @Test
  void pickleCheckpointsAreRefused() throws IOException {
    Path m = Files.createDirectories(dir.resolve("pickle"));
    Files.writeString(m.resolve("config.json"), "{\"model_type\": \"bert\"}");
    Files.write(m.resolve("pytorch_model.bin"), new byte[] {(byte) 0x80, 2});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Models.describe(m.toString()));
    assertTrue(e.getMessage().contains("pickle"), e.getMessage());
    assertTrue(e.getMessage().contains("safetensors"), e.getMessage());
  }

  @Test
  void torchSavePicklesWithPtSuffixAreRefused() throws IOException {
    Path m = Files.createDirectories(dir.resolve("ts"));
    Files.write(m.resolve("model.pt"), new byte[] {(byte) 0x80, 2, 'c'});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Models.describe(m.toString()));
    assertTrue(e.getMessage().contains("pickle"), e.getMessage());
  }

  @Test
  void unsupportedArchitectureIsNamed() throws IOException {
    Path m = checkpoint("arch");
    Path config = m.resolve("config.json");
    Files.writeString(config, Files.readString(config).replace("\"model_type\": \"bert\"", "\"model_type\": \"gpt2\""));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Models.describe(m.toString()));
    assertTrue(e.getMessage().contains("gpt2"), e.getMessage());
  }

  @Test
  void missingFolderAndEmptyReferenceAreErrors() {
    assertThrows(IllegalArgumentException.class, () -> Models.describe(dir.resolve("nope").toString()));
    assertThrows(IllegalArgumentException.class, () -> Models.describe(" "));
  }

  @Test
  void hubReferencesReadTheLocalCacheOnly() throws IOException {
    Path hub = dir.resolve("hub");
    Path repo = hub.resolve("models--acme--tox");
    Files.createDirectories(repo.resolve("refs"));
    Files.writeString(repo.resolve("refs/main"), "abc123\n");
    Path snapshot = repo.resolve("snapshots/abc123");
    CheckpointFixtures.sequenceClassifier(snapshot, Architecture.BERT, List.of("toxic"), "multi_label_classification", 1);
    String previous = System.setProperty("winnow.hub.cache", hub.toString());
    try {
      assertEquals(List.of("toxic"), Models.describe("hf:acme/tox").labels());
      assertEquals(List.of("toxic"), Models.describe("hf:acme/tox@abc123").labels());
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Models.describe("hf:acme/other"));
      assertTrue(e.getMessage().contains("offline"), e.getMessage());

      // A revision or name that would leave the cache (refs/../../..) is refused by the hub's rules.
      for (String escape : List.of("hf:acme/tox@../../..", "hf:acme/tox@main/../../x", "hf:acme/tox@.hidden",
          "hf:../x/tox", "hf:acme/..", "hf:acme/-tox", "hf:acme/to--x", "hf:acme/tox/extra")) {
        UserError refused = assertThrows(UserError.class, () -> Models.describe(escape), escape);
        assertEquals("model.ref", refused.setting().orElseThrow(), escape);
        assertTrue(refused.getMessage().contains("hub"), refused.getMessage());
      }
      assertTrue(HubCache.isHubName("sentence-transformers") && HubCache.isHubName("all-MiniLM-L6-v2.1")
          && HubCache.isRevision("v1.0") && HubCache.isRevision("refs/pr/1"));
    } finally {
      if (previous == null) {
        System.clearProperty("winnow.hub.cache");
      } else {
        System.setProperty("winnow.hub.cache", previous);
      }
    }
  }
}
