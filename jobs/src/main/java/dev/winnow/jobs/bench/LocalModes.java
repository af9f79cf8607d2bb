package dev.winnow.jobs.bench;

import dev.winnow.runtime.EngineThreads;
import dev.winnow.runtime.InferenceOptions;
import dev.winnow.runtime.Models;
import dev.winnow.runtime.TextClassifier;
import dev.winnow.runtime.WindowAggregation;
import dev.winnow.runtime.checkpoint.onnx.BundledEncoder;
import dev.winnow.runtime.checkpoint.onnx.BundledEncoderImporter;
import dev.winnow.runtime.inference.BatchedTextClassifier;
import dev.winnow.runtime.inference.InferenceCounters;
import dev.winnow.runtime.inference.WindowedRunner;
import dev.winnow.runtime.text.TextTokenizer;
import java.util.List;
import java.util.function.Consumer;

/** The modes without Spark: one caller thread feeding a model chunk by chunk. */
final class LocalModes {

  /** The encoder under {@code builtin:winnow-safety}, which the ONNX mode runs. */
  static final BundledEncoder ONNX_ENCODER = BundledEncoder.E5_SMALL_V2;

  /**
   * ONNX Runtime's default CPU provider on the fp32 ONNX from the jar: {@code model.device} and
   * {@code model.precision} do not reach it.
   */
  static final ModelSetup ONNX_SETUP = new ModelSetup(ONNX_ENCODER.onnxResource(), "cpu", "fp32");

  private LocalModes() {}

  /** The runtime loop: chunks of {@code model.rows_per_chunk}, as a Spark task would hand them over. */
  static ModeResult runtime(BenchConfig config, List<String> warmup, List<String> texts) {
    return classifier(BenchMode.RUNTIME, config, warmup, texts, config.model().rowsPerChunk());
  }

  /** The naive loop: one text per call, as the SQL UDF scores. */
  static ModeResult perRow(BenchConfig config, List<String> warmup, List<String> texts) {
    return classifier(BenchMode.PER_ROW, config, warmup, texts, 1);
  }

  private static ModeResult classifier(
      BenchMode mode, BenchConfig config, List<String> warmup, List<String> texts, int chunkRows) {
    double load = ProcessStats.loadAverage();
    int threads = config.resolvedThreads();
    EngineThreads.setIntraOp(threads);
    InferenceOptions options = config.model().resolvedOptions();
    try (TextClassifier model = Models.load(config.model().ref(), options)) {
      InferenceCounters counters = countersOf(model);
      model.classify(warmup);
      return timed(mode, ModelSetup.of(config.model().ref(), options), counters, texts, chunkRows, model::classify,
          load, threads);
    }
  }

  /** ONNX Runtime on the encoder's ONNX, fed by the runtime's own tokenizer, windows and batches. */
  static ModeResult onnx(BenchConfig config, List<String> warmup, List<String> texts) {
    double load = ProcessStats.loadAverage();
    int threads = config.resolvedThreads();
    TextTokenizer tokenizer = TextTokenizer.fromFile(
        BundledEncoderImporter.defaultImporter().importEncoder(ONNX_ENCODER).resolve("tokenizer.json"));
    int maxTokens = Models.describe(config.model().ref()).maxTokens();
    try (WindowedRunner runner = WindowedRunner.of(tokenizer, config.model().options(), ONNX_ENCODER.encoderName(),
            maxTokens, 0);
        OnnxEncoderNetwork network = OnnxEncoderNetwork.open(ONNX_ENCODER, threads)) {
      Consumer<List<String>> score = chunk -> runner.run(chunk, network, v -> v, WindowAggregation.MAX);
      score.accept(warmup);
      return timed(BenchMode.ONNX, ONNX_SETUP, runner.counters(), texts, config.model().rowsPerChunk(), score, load,
          threads);
    }
  }

  private static ModeResult timed(BenchMode mode, ModelSetup setup, InferenceCounters counters, List<String> texts,
      int chunkRows, Consumer<List<String>> score, double load, int threads) {
    TokenTally before = TokenTally.of(counters);
    double cpuStart = ProcessStats.cpuSeconds();
    long start = System.nanoTime();
    for (int from = 0; from < texts.size(); from += chunkRows) {
      score.accept(texts.subList(from, Math.min(texts.size(), from + chunkRows)));
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return TokenTally.of(counters).since(before)
        .result(mode, texts.size(), seconds, ProcessStats.cpuSeconds() - cpuStart, load, threads, setup);
  }

  static InferenceCounters countersOf(TextClassifier model) {
    if (model instanceof BatchedTextClassifier batched) {
      return batched.counters();
    }
    throw new IllegalStateException("model " + model.info().name() + " does not count tokens; "
        + "the benchmark needs a runtime classifier");
  }
}
