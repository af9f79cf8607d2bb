package dev.winnow.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LabelNamesTest {

  @Test
  void sanitizesToLowercaseSnakeCase() {
    assertEquals("self_harm_intent", LabelNames.sanitize("Self-Harm / Intent"));
    assertEquals("hate_speech", LabelNames.sanitize("  hate   speech!! "));
    assertEquals("toxic", LabelNames.sanitize("toxic"));
    assertEquals("s3x", LabelNames.sanitize("__S3X__"));
  }

  @Test
  void collidingLabelsAreAnErrorNamingBoth() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> LabelNames.sanitizeAll(List.of("Self-Harm", "self harm")));
    assertTrue(e.getMessage().contains("'Self-Harm'") && e.getMessage().contains("'self harm'"), e.getMessage());
  }

  @Test
  void labelWithoutLettersIsAnError() {
    var e = assertThrows(IllegalArgumentException.class, () -> LabelNames.sanitizeAll(List.of("ok", "--")));
    assertTrue(e.getMessage().contains("'--'"), e.getMessage());
  }
}
