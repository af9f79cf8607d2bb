package dev.winnow.jobs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winnow.jobs.config.ConfigError;
import dev.winnow.jobs.config.JobArgs;
import dev.winnow.jobs.config.JobName;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchConfigTest {

  @Test
  void shippedConfigLoadsWithOverrides() {
    BenchConfig config = BenchConfig.load(JobArgs.parse(JobName.BENCH, "--config", Path.of("..", "conf", "bench.conf").toString(),
        "corpus.rows=10", "modes=[runtime, onnx]"));
    assertEquals(10, config.corpus().rows());
    assertEquals(List.of(BenchMode.RUNTIME, BenchMode.ONNX), config.modes());
    assertEquals("builtin:winnow-safety", config.model().ref());
    assertEquals(4096, config.model().options().batchTokens());
    assertEquals(4096, config.modelSettings().getInt("batch_tokens"), "handed to the score job as given");
  }

  @Test
  void badSettingsNameTheKey() {
    assertEquals("modes", assertThrows(ConfigError.class, () -> BenchConfig.parse("modes = [spark, gpu]")).key());
    assertEquals("modes", assertThrows(ConfigError.class, () -> BenchConfig.parse("modes = [spark, spark]")).key());
    assertEquals("corpus.max_words",
        assertThrows(ConfigError.class, () -> BenchConfig.parse("corpus { min_words = 9, max_words = 8 }")).key());
    ConfigError unknown = assertThrows(ConfigError.class, () -> BenchConfig.parse("corpus.rowz = 3"));
    assertTrue(unknown.getMessage().contains("corpus.rowz"), unknown.getMessage());
  }
}
