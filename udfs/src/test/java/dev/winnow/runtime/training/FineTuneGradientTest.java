package dev.winnow.runtime.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import dev.winnow.runtime.checkpoint.CheckpointParts;
import dev.winnow.runtime.checkpoint.HuggingFaceCheckpoint;
import dev.winnow.runtime.inference.TokenBatch;
import dev.winnow.runtime.nn.LayerRole;
import dev.winnow.runtime.nn.Weights;
import dev.winnow.runtime.testing.CheckpointFixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backward through the training graph against central finite differences, on a tiny random BERT
 * in float64: every parameter kind (embeddings, attention, LayerNorm, feed-forward, pooler, head,
 * adapters). In float64 a step of 1e-6 leaves truncation error O(h^2) ~ 1e-12 and rounding
 * O(eps / h) ~ 1e-10 on a loss of order 1, so a relative error of 1e-5 is a real mismatch, not
 * noise; an operation without a correct gradient (or none at all) misses it by orders of magnitude.
 */
class FineTuneGradientTest {

  @TempDir
  Path dir;

  private static final double STEP = 1e-6;

  // Not the key's bias: it adds the same q.b to every score of a query, which softmax ignores, so
  // its true gradient is zero.
  @Test
  void fullFineTuneGradientsMatchFiniteDifferencesForEveryParameterKind() {
    check(FineTuneMethod.FULL, List.of("embeddings.word_embeddings", "embeddings.position_embeddings",
        "embeddings.token_type_embeddings", "embeddings.LayerNorm.weight", "attention.self.query.weight",
        "attention.self.key.weight", "attention.self.value.bias", "attention.output.dense.weight",
        "attention.output.LayerNorm.bias", "intermediate.dense.weight", "output.dense.bias",
        "output.LayerNorm.weight", "pooler.dense.weight", "classifier.weight", "classifier.bias"));
  }

  @Test
  void loraGradientsMatchFiniteDifferences() {
    check(FineTuneMethod.LORA, List.of("query.lora_A", "value.lora_B", "intermediate.dense.lora_A",
        "output.dense.lora_B", "classifier.weight"));
  }

  @Test
  void unknownLabelsContributeNoGradient() {
    Path base = CheckpointFixtures.sequenceClassifier(dir.resolve("b"), CheckpointFixtures.Architecture.BERT,
        List.of("x"), null, 5);
    try (TrainableClassifier model = openFloat64(base, FineTuneMethod.LORA)) {
      NDArray classifier = find(model, "classifier.weight").array();
      float[] unknown = gradient(model, classifier, new float[] {1f, Float.NaN});
      float[] negative = gradient(model, classifier, new float[] {1f, 0f});
      int hidden = CheckpointFixtures.HIDDEN;
      for (int d = 0; d < hidden; d++) {
        assertEquals(0f, unknown[hidden + d], "an unknown label's classifier row must get no gradient");
      }
      assertTrue(maxAbs(negative, hidden) > 1e-6, "the same label read as 0 must get one (else the test proves nothing)");
    }
  }

  private void check(FineTuneMethod method, List<String> kinds) {
    Path base = CheckpointFixtures.sequenceClassifier(dir.resolve(method.name()), CheckpointFixtures.Architecture.BERT,
        List.of("x"), null, 5);
    try (TrainableClassifier model = openFloat64(base, method)) {
      // Perturb B away from zero first, so the adapters' A gets a gradient too.
      for (TrainableParameter p : model.parameters()) {
        if (p.name().endsWith(".lora_B.weight")) {
          p.array().addi(p.array().getManager().randomNormal(0, 0.1f, p.array().getShape(), DataType.FLOAT64));
        }
      }
      float[] labels = {1f, 0f};
      for (String kind : kinds) {
        TrainableParameter p = model.parameters().stream().filter(q -> q.name().contains(kind)).findFirst()
            .orElseThrow(() -> new AssertionError("no trainable parameter named like " + kind));
        double[] analytic = gradient64(model, p.array(), labels);
        int index = argMaxAbs(analytic);
        double numeric = (lossAfterNudge(model, p.array(), index, STEP, labels)
            - lossAfterNudge(model, p.array(), index, -STEP, labels)) / (2 * STEP);
        double error = Math.abs(numeric - analytic[index]) / Math.max(1e-8, Math.abs(numeric) + Math.abs(analytic[index]));
        assertTrue(Math.abs(analytic[index]) > 1e-9, p.name() + " has no gradient at all");
        assertTrue(error < 1e-5, p.name() + "[" + index + "]: backward " + analytic[index] + " vs finite difference "
            + numeric + " (relative error " + error + ")");
      }
    }
  }

  private static TrainableClassifier openFloat64(Path base, FineTuneMethod method) {
    NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch");
    CheckpointParts parts = HuggingFaceCheckpoint.open(base).parts(manager);
    List<NDArray> converted = new ArrayList<>();
    for (String name : parts.weights().names()) {
      NDArray tensor = parts.weights().require("", name);
      NDArray cast = tensor.getDataType().isFloating() ? tensor.toType(DataType.FLOAT64, false) : tensor;
      cast.setName(name);
      converted.add(cast);
    }
    CheckpointParts float64 = new CheckpointParts(parts.folder(), parts.encoder(), parts.typeVocabSize(),
        Weights.of(new ai.djl.ndarray.NDList(converted.toArray(new NDArray[0])), "float64"), parts.tokenizerFile(),
        parts.pooling(), parts.labels());
    return TrainableClassifier.open(float64, manager, method,
        new LoraSpec(2, 4f, 0f, EnumSet.allOf(LayerRole.class)), List.of("a", "b"), TrainingPrecision.FP32, 0f, 9L);
  }

  private static final List<TrainingExample> ROWS = List.of(
      new TrainingExample(new long[] {101, 2023, 2003, 1037, 3231, 102}, new long[] {0, 0, 0, 1, 1, 1}, new float[] {1f, 0f}),
      new TrainingExample(new long[] {101, 7592, 2088, 102}, new long[] {0, 0, 0, 0}, new float[] {0f, 1f}));

  /** The two rows with these labels for both. */
  private static List<TrainingExample> rows(float[] labels) {
    return ROWS.stream().map(r -> new TrainingExample(r.ids(), r.typeIds(), labels)).toList();
  }

  private static double loss(TrainableClassifier model, float[] labels) {
    List<TrainingExample> rows = rows(labels);
    try (NDManager scope = model.newBatchManager()) {
      NDArray logits = model.logits(scope, batch(rows));
      return FineTuner.maskedLoss(scope, logits, rows, new int[] {0, 1}, new float[] {2f, 1f}).getDouble();
    }
  }

  private static double[] gradient64(TrainableClassifier model, NDArray parameter, float[] labels) {
    List<TrainingExample> rows = rows(labels);
    try (GradientCollector collector = Engine.getInstance().newGradientCollector();
        NDManager scope = model.newBatchManager()) {
      NDArray logits = model.logits(scope, batch(rows));
      collector.backward(FineTuner.maskedLoss(scope, logits, rows, new int[] {0, 1}, new float[] {2f, 1f}));
    }
    double[] values = parameter.getGradient().toType(DataType.FLOAT64, false).toDoubleArray();
    for (TrainableParameter p : model.parameters()) {
      if (p.array().hasGradient()) {
        p.array().getGradient().muli(0); // backward accumulates: the next check starts from zero
      }
    }
    return values;
  }

  private static float[] gradient(TrainableClassifier model, NDArray parameter, float[] labels) {
    double[] values = gradient64(model, parameter, labels);
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (float) values[i];
    }
    return out;
  }

  private static double lossAfterNudge(TrainableClassifier model, NDArray parameter, int index, double delta, float[] labels) {
    double[] values = parameter.toDoubleArray();
    double original = values[index];
    values[index] = original + delta;
    parameter.set(parameter.getManager().create(values).toByteBuffer());
    double loss = loss(model, labels);
    values[index] = original;
    parameter.set(parameter.getManager().create(values).toByteBuffer());
    return loss;
  }

  private static TokenBatch batch(List<TrainingExample> rows) {
    long[][] ids = rows.stream().map(TrainingExample::ids).toArray(long[][]::new);
    long[][] types = rows.stream().map(TrainingExample::typeIds).toArray(long[][]::new);
    return TokenBatch.pad(ids, types, 0);
  }

  private static TrainableParameter find(TrainableClassifier model, String name) {
    return model.parameters().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
  }

  private static int argMaxAbs(double[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (Math.abs(values[i]) > Math.abs(values[best])) {
        best = i;
      }
    }
    return best;
  }

  private static float maxAbs(float[] values, int from) {
    float max = 0;
    for (int i = from; i < values.length; i++) {
      max = Math.max(max, Math.abs(values[i]));
    }
    return max;
  }
}
