package dev.winnow.jobs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class BenchReportTest {

  private static final Machine MACHINE =
      new Machine("Test CPU", 2, 4096, "Linux", "JVM 17", "", "0.50 0.40 0.30");
  private static final ModelSetup SAFETY_BF16 = new ModelSetup("builtin:winnow-safety", "cpu", "bf16");

  private static ModeResult result(BenchMode mode, int rows, long tokens, long padded, double seconds) {
    ModelSetup model = mode == BenchMode.ONNX ? LocalModes.ONNX_SETUP : SAFETY_BF16;
    return new ModeResult(mode, rows, tokens, padded, 10, seconds, 2 * seconds, 512 * 1024, 0.5, 2, model);
  }

  private static final BenchReport REPORT = new BenchReport(MACHINE, 1000, 4, List.of(
      result(BenchMode.SPARK, 1000, 90_000, 100_000, 30.0),      // 3,000 tokens/s
      result(BenchMode.RUNTIME, 1000, 90_000, 100_000, 25.0),    // 3,600 tokens/s
      result(BenchMode.ONNX, 1000, 90_000, 100_000, 36.0),       // 2,500 tokens/s
      result(BenchMode.PER_ROW, 200, 18_000, 18_000, 60.0),      // 300 tokens/s
      result(BenchMode.SPARK, 4000, 360_000, 400_000, 126.0)));

  private static Map<String, BenchReport.Ratio> ratios() {
    return REPORT.ratios().stream().collect(Collectors.toMap(BenchReport.Ratio::name, Function.identity()));
  }

  @Test
  void ratiosCompareTokenRatesAgainstTheScoreJob() {
    Map<String, BenchReport.Ratio> ratios = ratios();
    assertEquals(3000.0 / 3600.0, ratios.get("spark / runtime").value(), 1e-9);
    assertFalse(ratios.get("spark / runtime").met(), "0.83 < 0.9");
    assertEquals(1.2, ratios.get("spark / onnx").value(), 1e-9);
    assertTrue(ratios.get("spark / onnx").met());
    assertEquals(10.0, ratios.get("spark / per_row").value(), 1e-9, "per-row compared by tokens/s on fewer rows");
    assertFalse(ratios.get("spark / per_row").met());
    assertEquals(0.9, ratios.get("padding efficiency (spark)").value(), 1e-9);
    assertTrue(ratios.get("padding efficiency (spark)").met());
  }

  @Test
  void scalingIsTimeAtScaleOverTimeAtNWithAnUpperTarget() {
    BenchReport.Ratio scaling = ratios().get("time 4N / N (spark)");
    assertEquals(4.2, scaling.value(), 1e-9);
    assertEquals(4.2, scaling.target(), 1e-9);
    assertTrue(scaling.met(), "at most the target");
    assertFalse(new BenchReport.Ratio("x", 4.3, 4.2, true).met());
  }

  @Test
  void missingModesLeaveTheirRatiosOut() {
    BenchReport sparkOnly = new BenchReport(MACHINE, 1000, 4, List.of(result(BenchMode.SPARK, 1000, 9, 10, 1.0)));
    assertEquals(List.of("padding efficiency (spark)"), sparkOnly.ratios().stream().map(BenchReport.Ratio::name).toList());
  }

  @Test
  void tableAndJsonCarryMachineModesAndRatios() {
    String table = REPORT.table();
    assertTrue(table.contains("Test CPU, 2 cores"), table);
    assertTrue(table.contains("load average at start: 0.50 0.40 0.30"), table);
    assertTrue(table.contains("per_row      200"), table);
    assertTrue(table.contains("spark / onnx"), table);
    assertTrue(table.contains("NOT met"), table);
    Map<String, Object> json = REPORT.toJson();
    assertEquals(MACHINE, json.get("machine"));
    List<?> results = (List<?>) json.get("results");
    assertEquals(5, results.size());
    assertEquals(3000.0, ((Map<?, ?>) results.get(0)).get("tokens_per_second"));
    assertEquals(5, ((List<?>) json.get("ratios")).size());
  }

  @Test
  void everyRunSaysWhichModelDeviceAndPrecisionItUsed() {
    String table = REPORT.table();
    assertTrue(table.contains("model: builtin:winnow-safety (spark, runtime, per_row); e5-small-v2.onnx (onnx)"),
        table);
    assertTrue(table.contains(BenchReport.ONNX_NOTE), table);
    assertTrue(table.contains("device precision"), table);
    List<String> rows = table.lines().filter(line -> line.matches("(spark|runtime|onnx|per_row) +\\d.*")).toList();
    assertEquals(5, rows.size(), table);
    rows.forEach(row -> assertTrue(row.endsWith(row.startsWith("onnx") ? "cpu      fp32" : "cpu      bf16"), row));

    Map<?, ?> onnx = (Map<?, ?>) ((List<?>) REPORT.toJson().get("results")).get(2);
    assertEquals("e5-small-v2.onnx", onnx.get("model"));
    assertEquals("cpu", onnx.get("device"));
    assertEquals("fp32", onnx.get("precision"));
  }

  @Test
  void oneModelIsNamedWithoutItsModesAndAGpuJoinsTheMachineLine() {
    Machine gpuBox = new Machine("Test CPU", 2, 4096, "Linux", "JVM 17", "NVIDIA H100 80GB HBM3", "0.50 0.40 0.30");
    ModeResult spark = new ModeResult(BenchMode.SPARK, 10, 9, 10, 1, 1.0, 1.0, -1, 0.5, 0,
        new ModelSetup("builtin:winnow-safety", "gpu:0", "fp16"));
    String table = new BenchReport(gpuBox, 10, 1, List.of(spark)).table();
    assertTrue(table.lines().anyMatch(line -> line.endsWith("JVM 17, GPU: NVIDIA H100 80GB HBM3")), table);
    assertTrue(table.lines().anyMatch(line -> line.equals("model: builtin:winnow-safety")), table);
    assertFalse(table.contains(BenchReport.ONNX_NOTE), "no onnx run, no note");
    assertTrue(table.contains("gpu:0      fp16"), table);
  }
}
