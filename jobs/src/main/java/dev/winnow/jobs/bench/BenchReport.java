package dev.winnow.jobs.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The benchmark's results on one machine: a table per mode, the ratios against the score job at
 * N rows with their targets, and the time of the scaled run over the time at N.
 *
 * @param rows N
 * @param scale the scaled run's rows are scale x N
 */
public record BenchReport(Machine machine, int rows, int scale, List<ModeResult> results) {

  /** A ratio with the value it should reach; {@code atMost} flips the comparison. */
  public record Ratio(String name, double value, double target, boolean atMost) {
    public boolean met() {
      return atMost ? value <= target : value >= target;
    }
  }

  /** Why the ONNX row may differ from the others in device and precision. */
  static final String ONNX_NOTE =
      "onnx: ONNX Runtime's CPU provider on the fp32 ONNX, always cpu and fp32 (model.device and model.precision "
          + "do not apply)";

  public BenchReport {
    results = List.copyOf(results);
  }

  /** The result of {@code mode} at {@code rows}, if it ran. */
  public Optional<ModeResult> result(BenchMode mode, int atRows) {
    return results.stream().filter(r -> r.mode() == mode && r.rows() == atRows).findFirst();
  }

  /** The score job against each other mode (tokens/s over tokens/s), padding, and scaling; what ran. */
  public List<Ratio> ratios() {
    List<Ratio> out = new ArrayList<>();
    Optional<ModeResult> spark = result(BenchMode.SPARK, rows);
    spark.ifPresent(s -> {
      speedup(out, s, BenchMode.RUNTIME, "spark / runtime", 0.9);
      speedup(out, s, BenchMode.ONNX, "spark / onnx", 1.0);
      speedup(out, s, BenchMode.PER_ROW, "spark / per_row", 20.0);
      out.add(new Ratio("padding efficiency (spark)", s.paddingEfficiency(), 0.9, false));
    });
    for (BenchMode mode : BenchMode.values()) {
      Optional<ModeResult> small = result(mode, rows);
      Optional<ModeResult> large = scale == 1 ? Optional.empty() : result(mode, rows * scale);
      if (small.isPresent() && large.isPresent()) {
        out.add(new Ratio("time " + scale + "N / N (" + mode.key() + ")",
            large.get().seconds() / small.get().seconds(), scale * 1.05, true));
      }
    }
    return out;
  }

  /**
   * Token rates, not row rates: the per-row mode scores only the first rows of the corpus, so its
   * row count differs; its smallest run is the one compared.
   */
  private void speedup(List<Ratio> out, ModeResult spark, BenchMode other, String name, double target) {
    results.stream()
        .filter(r -> r.mode() == other)
        .min(Comparator.comparingInt(ModeResult::rows))
        .ifPresent(o -> out.add(new Ratio(name, spark.tokensPerSecond() / o.tokensPerSecond(), target, false)));
  }

  /** The printed report: machine, models, one line per mode run, the ratios. */
  public String table() {
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "machine: %s, %d cores, %d MB, %s, %s%s%nload average at start: %s%n",
        machine.cpu(), machine.cores(), machine.memoryMb(), machine.os(), machine.jvm(),
        machine.gpus().isEmpty() ? "" : ", GPU: " + machine.gpus(), machine.loadAverage()));
    s.append("model: ").append(modelsByRef()).append(System.lineSeparator());
    if (results.stream().anyMatch(r -> r.mode() == BenchMode.ONNX)) {
      s.append(ONNX_NOTE).append(System.lineSeparator());
    }
    s.append(System.lineSeparator());
    s.append(String.format(Locale.ROOT, "%-8s %7s %9s %9s %10s %9s %8s %8s %9s %6s %7s %7s %9s%n",
        "mode", "rows", "seconds", "rows/s", "tokens/s", "cpu s", "padding", "batches", "peak MB", "load", "threads",
        "device", "precision"));
    for (ModeResult r : results) {
      s.append(String.format(Locale.ROOT, "%-8s %7d %9.2f %9.1f %10.0f %9.2f %8.3f %8d %9s %6.2f %7s %7s %9s%n",
          r.mode().key(), r.rows(), r.seconds(), r.rowsPerSecond(), r.tokensPerSecond(), r.cpuSeconds(),
          r.paddingEfficiency(),
          r.batches(), r.peakRssKb() < 0 ? "?" : String.valueOf(r.peakRssKb() / 1024), r.loadAverage(),
          r.threads() == 0 ? "auto" : String.valueOf(r.threads()), r.model().device(), r.model().precision()));
    }
    s.append(System.lineSeparator());
    for (Ratio ratio : ratios()) {
      s.append(String.format(Locale.ROOT, "%-32s %8.3f   target %s %.2f   %s%n", ratio.name(), ratio.value(),
          ratio.atMost() ? "<=" : ">=", ratio.target(), ratio.met() ? "met" : "NOT met"));
    }
    return s.toString();
  }

  /**
   * Each model reference with the modes that ran it, e.g. {@code builtin:winnow-safety (spark,
   * runtime, per_row); e5-small-v2.onnx (onnx)}; the modes are left out when all ran one model.
   */
  String modelsByRef() {
    Map<String, List<String>> modes = new LinkedHashMap<>();
    for (ModeResult r : results) {
      List<String> of = modes.computeIfAbsent(r.model().ref(), ref -> new ArrayList<>());
      if (!of.contains(r.mode().key())) {
        of.add(r.mode().key());
      }
    }
    if (modes.size() == 1) {
      return modes.keySet().iterator().next();
    }
    return modes.entrySet().stream()
        .map(e -> e.getKey() + " (" + String.join(", ", e.getValue()) + ")")
        .collect(Collectors.joining("; "));
  }

  /** Everything in the table, as JSON-ready maps and lists. */
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("machine", machine);
    json.put("rows", rows);
    json.put("scale", scale);
    List<Map<String, Object>> modes = new ArrayList<>();
    for (ModeResult r : results) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("mode", r.mode().key());
      m.put("model", r.model().ref());
      m.put("device", r.model().device());
      m.put("precision", r.model().precision());
      m.put("rows", r.rows());
      m.put("seconds", r.seconds());
      m.put("cpu_seconds", r.cpuSeconds());
      m.put("rows_per_second", r.rowsPerSecond());
      m.put("tokens_per_second", r.tokensPerSecond());
      m.put("real_tokens", r.realTokens());
      m.put("padded_tokens", r.paddedTokens());
      m.put("padding_efficiency", r.paddingEfficiency());
      m.put("batches", r.batches());
      m.put("peak_rss_kb", r.peakRssKb());
      m.put("load_average", r.loadAverage());
      m.put("threads", r.threads());
      modes.add(m);
    }
    json.put("results", modes);
    List<Map<String, Object>> ratios = new ArrayList<>();
    for (Ratio ratio : ratios()) {
      ratios.add(Map.of("name", ratio.name(), "value", ratio.value(), "target", ratio.target(),
          "at_most", ratio.atMost(), "met", ratio.met()));
    }
    json.put("ratios", ratios);
    return json;
  }
}
