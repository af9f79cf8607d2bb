package dev.winnow.runtime.checkpoint;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.winnow.runtime.InferenceOptions;
import dev.winnow.runtime.Precision;
import dev.winnow.runtime.Models;
import dev.winnow.runtime.TextClassifier;
import dev.winnow.runtime.TextScore;
import dev.winnow.runtime.nn.CpuFeatures;
import dev.winnow.runtime.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * How far the built-in model's scores move on CPU in bf16 and int8 against fp32, on real hateful,
 * harmful and benign texts (ETHOS and HarmBench responses from ../shared/data): the drift
 * docs/PERFORMANCE.md quotes, printed by this test, and bounded so a kernel change that loses more
 * precision fails here.
 */
class CpuPrecisionDriftTest {

  private static final String MODEL = "builtin:winnow-safety";
  private static final int TEXTS_PER_FILE = 300;

  private static List<String> texts;
  private static TextClassifier fp32;
  private static List<TextScore> reference;

  @BeforeAll
  static void scoreInFp32() throws IOException {
    texts = new ArrayList<>();
    texts.addAll(read(SharedData.require("ethos/train.jsonl"), "text"));
    texts.addAll(read(SharedData.require("safety/harmbench_response.jsonl"), "response"));
    fp32 = Models.load(MODEL, InferenceOptions.DEFAULTS);
    reference = fp32.classify(texts);
  }

  @AfterAll
  static void close() {
    if (fp32 != null) {
      fp32.close();
    }
  }

  private static List<String> read(Path file, String field) throws IOException {
    try (var lines = Files.lines(file)) {
      return lines.map(line -> JsonParser.parseString(line).getAsJsonObject())
          .filter(o -> o.has(field) && !o.get(field).isJsonNull())
          .map(o -> o.get(field).getAsString())
          .limit(TEXTS_PER_FILE)
          .toList();
    }
  }

  private record Drift(double mean, double p99, double max, int flips, int decisions) {}

  private static Drift drift(String precision) {
    List<TextScore> scores;
    try (TextClassifier classifier = Models.load(MODEL, InferenceOptions.DEFAULTS.withPrecision(Precision.of(precision)))) {
      scores = classifier.classify(texts);
    }
    List<String> labels = fp32.info().labels();
    Map<String, Float> thresholds = fp32.info().recommendedThresholds(dev.winnow.runtime.ThresholdPresets.BALANCED);
    double[] deltas = new double[texts.size() * labels.size()];
    int flips = 0;
    for (int i = 0; i < texts.size(); i++) {
      for (int j = 0; j < labels.size(); j++) {
        float expected = reference.get(i).scores()[j];
        float actual = scores.get(i).scores()[j];
        deltas[i * labels.size() + j] = Math.abs(actual - expected);
        float threshold = thresholds.getOrDefault(labels.get(j), 0.5f);
        if ((actual >= threshold) != (expected >= threshold)) {
          flips++;
        }
      }
    }
    Arrays.sort(deltas);
    Drift d = new Drift(Arrays.stream(deltas).average().orElseThrow(), deltas[(int) (deltas.length * 0.99)],
        deltas[deltas.length - 1], flips, deltas.length);
    System.out.printf("%s vs fp32 on %d texts x %d labels: mean |delta| %.4f, p99 %.4f, max %.4f; "
        + "%d of %d flag decisions differ%n", precision, texts.size(), labels.size(), d.mean, d.p99, d.max, d.flips,
        d.decisions);
    return d;
  }

  /**
   * bf16 keeps 8 significant bits; int8 256 levels per activation tensor, 128 where the range is
   * reduced (no AVX512-VNNI), which measured twice the drift (mean 0.038, 5.5% of decisions) on
   * the machine whose AVX512-VNNI numbers the docs quote.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource({"bf16, 0.004, 0.02, 0.01", "int8, 0.04, 0.2, 0.05", "int8-reduced-range, 0.06, 0.3, 0.08"})
  void reducedPrecisionDriftsWithinItsDocumentedBound(String bound, double mean, double p99, double flips) {
    boolean reducedRange = !CpuFeatures.current().hasAvx512Vnni();
    Assumptions.assumeTrue(!bound.startsWith("int8") || bound.endsWith("reduced-range") == reducedRange,
        "int8 on this CPU " + (reducedRange ? "reduces" : "keeps") + " the activations' range: other bound");
    String precision = bound.startsWith("int8") ? "int8" : bound;
    Drift d = drift(precision);
    assertTrue(d.max > 0, precision + " scored exactly like fp32: its kernels did not run");
    assertTrue(d.mean < mean && d.p99 < p99, d.toString());
    assertTrue(d.flips <= d.decisions * flips, d.toString());
  }
}
