package dev.winnow.jobs.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThresholdsFileRenderTest {

  @Test
  void floatsReadBackExactlyWithCommentsAndExtraBlocks() {
    float third = 1f / 3;
    float tiny = 1.0e-4f;
    String text = ThresholdsFile.render(List.of("written by a test"), 0.6f,
        List.of(new ThresholdsFile.Entry("self_harm", third, "recall 0.75"), new ThresholdsFile.Entry("toxic", tiny, "")),
        Map.of("calibration", Map.of("how", "a \"quoted\" word", "precision", 0.5)));

    assertTrue(text.startsWith("# written by a test\n"), text);
    assertTrue(text.contains("# recall 0.75"), text);
    Config read = ConfigFactory.parseString(text);
    assertEquals(0.6f, (float) read.getDouble("thresholds.default"));
    assertEquals(third, (float) read.getDouble("thresholds.labels.self_harm"));
    assertEquals(tiny, (float) read.getDouble("thresholds.labels.toxic"));
    assertEquals("a \"quoted\" word", read.getString("calibration.how"));
  }
}
