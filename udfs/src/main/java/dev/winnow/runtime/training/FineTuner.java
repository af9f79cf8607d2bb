package dev.winnow.runtime.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import dev.winnow.runtime.inference.TokenBatch;
import dev.winnow.runtime.inference.TokenBudgetPlanner;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;

/**
 * The fine-tuning loop, in one JVM on the model's device: AdamW with a linear warm-up and decay,
 * global-norm gradient clipping, gradient accumulation to an effective batch, per-category binary
 * cross-entropy with positive-class weights and unknown labels masked out, and the best epoch by
 * a validation metric (the caller's), with early stopping.
 *
 * <p>Batches are the scoring path's token-budget batches (length-sorted buckets); each epoch
 * shuffles the rows before bucketing and the order of the optimizer steps, from the seed, so a
 * run on the same data, seed and CPU precision reproduces its weights exactly.
 */
public final class FineTuner {

  /** One finished epoch. */
  public record Epoch(int epoch, double trainLoss, double validationMetric, long tokens, double seconds) {}

  /**
   * @param bestValidationScores the validation rows' probabilities at the best epoch, in input order
   */
  public record Result(List<Epoch> epochs, int bestEpoch, double bestMetric, float[][] bestValidationScores,
      long trainTokens, double trainSeconds, int steps) {

    public double trainTokensPerSecond() {
      return trainTokens / Math.max(1e-9, trainSeconds);
    }
  }

  private final TrainableClassifier model;
  private final FineTuneOptions options;
  private final Consumer<String> log;

  public FineTuner(TrainableClassifier model, FineTuneOptions options, Consumer<String> log) {
    this.model = model;
    this.options = options;
    this.log = log;
  }

  /**
   * Trains, leaving the model at its best epoch.
   *
   * @param metric higher is better, from the validation rows' probabilities [rows][labels]
   */
  public Result fit(List<TrainingExample> train, List<TrainingExample> validation, ToDoubleFunction<float[][]> metric) {
    if (train.isEmpty() || validation.isEmpty()) {
      throw new IllegalArgumentException("fine-tuning needs training and validation rows (got "
          + train.size() + " and " + validation.size() + ")");
    }
    Engine.getInstance().setRandomSeed((int) options.seed());
    int labels = model.labels().size();
    float[] positiveWeight = positiveWeights(train, labels);
    // Row order changes per epoch, the bucket sizes (and so the number of steps) do not.
    int stepsPerEpoch = stepsOf(train, new Random(options.seed())).size();
    int totalSteps = stepsPerEpoch * options.epochs();
    Optimizers optimizers = new Optimizers(totalSteps);
    Progress progress = new Progress(totalSteps);
    List<Epoch> epochs = new ArrayList<>();
    Map<String, float[]> best = null;
    double bestMetric = Double.NEGATIVE_INFINITY;
    float[][] bestScores = null;
    int bestEpoch = 0;
    long trainTokens = 0;
    double trainSeconds = 0;
    Random order = new Random(options.seed());
    for (int epoch = 1; epoch <= options.epochs(); epoch++) {
      long start = System.nanoTime();
      List<List<int[]>> epochSteps = stepsOf(train, order);
      Collections.shuffle(epochSteps, order);
      model.setTraining(true);
      double lossSum = 0;
      long epochTokens = 0;
      for (List<int[]> step : epochSteps) {
        StepOutcome outcome = step(train, step, positiveWeight, optimizers);
        lossSum += outcome.loss;
        epochTokens += outcome.tokens;
        progress.stepDone(epoch, outcome.tokens, lossSum);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      trainTokens += epochTokens;
      trainSeconds += seconds;
      float[][] scores = predict(validation);
      double value = metric.applyAsDouble(scores);
      epochs.add(new Epoch(epoch, lossSum / stepsPerEpoch, value, epochTokens, seconds));
      progress.epochDone(epoch, lossSum / stepsPerEpoch, value);
      if (value > bestMetric) {
        bestMetric = value;
        bestEpoch = epoch;
        bestScores = scores;
        best = epoch == options.epochs() ? null : model.snapshot();
      } else if (options.patience() > 0 && epoch - bestEpoch >= options.patience()) {
        log.accept(String.format(Locale.ROOT, "stopping early: no better validation metric for %d epoch(s)",
            options.patience()));
        break;
      }
    }
    if (bestEpoch != epochs.size()) {
      model.restore(best);
    }
    log.accept(String.format(Locale.ROOT, "fine-tune done: best epoch %d of %d, validation metric %.4f, "
        + "%d steps, %.0f training tokens/s", bestEpoch, epochs.size(), bestMetric, progress.done,
        trainTokens / Math.max(1e-9, trainSeconds)));
    return new Result(List.copyOf(epochs), bestEpoch, bestMetric, bestScores, trainTokens, trainSeconds, progress.done);
  }

  /** Probabilities [rows][labels] with dropout off and no gradients recorded, in input order. */
  public float[][] predict(List<TrainingExample> rows) {
    model.setTraining(false);
    int[] lengths = rows.stream().mapToInt(TrainingExample::length).toArray();
    float[][] out = new float[rows.size()][];
    for (int[] batch : new TokenBudgetPlanner(options.batchTokens() * 2).plan(lengths)) {
      try (NDManager scope = model.newBatchManager()) {
        float[] flat = Activation.sigmoid(model.logits(scope, batch(rows, batch)))
            .toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
        int width = flat.length / batch.length;
        for (int r = 0; r < batch.length; r++) {
          out[batch[r]] = Arrays.copyOfRange(flat, r * width, (r + 1) * width);
        }
      }
    }
    return out;
  }

  private record StepOutcome(double loss, long tokens) {}

  private StepOutcome step(List<TrainingExample> rows, List<int[]> microBatches, float[] positiveWeight,
      Optimizers optimizers) {
    long known = 0;
    for (int[] micro : microBatches) {
      for (int i : micro) {
        for (float label : rows.get(i).labels()) {
          known += Float.isNaN(label) ? 0 : 1;
        }
      }
    }
    double loss = 0;
    long tokens = 0;
    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      for (int[] micro : microBatches) {
        try (NDManager scope = model.newBatchManager()) {
          TokenBatch batch = batch(rows, micro);
          tokens += batch.realTokens();
          NDArray logits = model.logits(scope, batch);
          NDArray value = maskedLoss(scope, logits, rows, micro, positiveWeight).div(Math.max(1, known));
          collector.backward(value);
          loss += value.getFloat();
        }
      }
    }
    optimizers.update(model.parameters());
    return new StepOutcome(loss, tokens);
  }

  /**
   * Sum over rows and known labels of weighted binary cross-entropy with logits: {@code
   * w y softplus(-z) + (1 - y) softplus(z)}; an unknown label's term is multiplied by 0.
   */
  static NDArray maskedLoss(NDManager scope, NDArray logits, List<TrainingExample> rows, int[] micro,
      float[] positiveWeight) {
    int labels = positiveWeight.length;
    float[] targets = new float[micro.length * labels];
    float[] known = new float[micro.length * labels];
    for (int r = 0; r < micro.length; r++) {
      float[] row = rows.get(micro[r]).labels();
      for (int l = 0; l < labels; l++) {
        boolean isKnown = !Float.isNaN(row[l]);
        targets[r * labels + l] = isKnown ? row[l] : 0f;
        known[r * labels + l] = isKnown ? 1f : 0f;
      }
    }
    Shape shape = new Shape(micro.length, labels);
    NDArray y = scope.create(targets, shape).toType(logits.getDataType(), false);
    NDArray mask = scope.create(known, shape).toType(logits.getDataType(), false);
    NDArray weight = scope.create(positiveWeight, new Shape(1, labels)).toType(logits.getDataType(), false);
    NDArray positive = y.mul(weight).mul(Activation.softPlus(logits.neg()));
    NDArray negative = y.neg().add(1f).mul(Activation.softPlus(logits));
    return positive.add(negative).mul(mask).sum();
  }

  /** Per category, negatives / positives among the known training labels, between 1 and the cap. */
  private float[] positiveWeights(List<TrainingExample> train, int labels) {
    float[] weights = new float[labels];
    for (int l = 0; l < labels; l++) {
      long positives = 0;
      long negatives = 0;
      for (TrainingExample row : train) {
        float label = row.labels()[l];
        positives += label == 1f ? 1 : 0;
        negatives += label == 0f ? 1 : 0;
      }
      float ratio = positives == 0 ? 1f : (float) negatives / positives;
      weights[l] = Math.max(1f, Math.min(options.maxPositiveWeight(), ratio));
    }
    return weights;
  }

  /**
   * The epoch's optimizer steps: rows in a seeded random order, bucketed by length into token-budget
   * micro-batches, consecutive micro-batches grouped until a step holds the effective batch.
   */
  private List<List<int[]>> stepsOf(List<TrainingExample> rows, Random random) {
    List<Integer> permutation = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      permutation.add(i);
    }
    Collections.shuffle(permutation, random);
    int[] lengths = permutation.stream().mapToInt(i -> rows.get(i).length()).toArray();
    List<List<int[]>> steps = new ArrayList<>();
    List<int[]> current = new ArrayList<>();
    int rowsInStep = 0;
    for (int[] planned : new TokenBudgetPlanner(options.batchTokens()).plan(lengths)) {
      // Short texts fill a token budget with many rows; a micro-batch never exceeds one step.
      for (int from = 0; from < planned.length; from += options.effectiveBatch()) {
        int[] micro = Arrays.stream(planned, from, Math.min(planned.length, from + options.effectiveBatch()))
            .map(permutation::get).toArray();
        current.add(micro);
        rowsInStep += micro.length;
        if (rowsInStep >= options.effectiveBatch()) {
          steps.add(current);
          current = new ArrayList<>();
          rowsInStep = 0;
        }
      }
    }
    if (!current.isEmpty()) {
      steps.add(current);
    }
    return steps;
  }

  private TokenBatch batch(List<TrainingExample> rows, int[] indices) {
    long[][] ids = new long[indices.length][];
    long[][] types = new long[indices.length][];
    for (int r = 0; r < indices.length; r++) {
      ids[r] = rows.get(indices[r]).ids();
      types[r] = rows.get(indices[r]).typeIds();
    }
    return TokenBatch.pad(ids, types, model.spec().padTokenId());
  }

  /** AdamW per parameter group (head or not, decayed or not), one schedule, global-norm clipping. */
  private final class Optimizers {

    private final Optimizer encoderDecay;
    private final Optimizer encoderNoDecay;
    private final Optimizer headDecay;
    private final Optimizer headNoDecay;
    private int skippedSteps;

    Optimizers(int totalSteps) {
      int warmup = (int) Math.round(options.warmupFraction() * totalSteps);
      LinearWarmupDecay encoderRate = new LinearWarmupDecay(options.learningRate(), warmup, totalSteps);
      LinearWarmupDecay headRate = new LinearWarmupDecay(options.headLearningRate(), warmup, totalSteps);
      encoderDecay = adamW(encoderRate, options.weightDecay());
      encoderNoDecay = adamW(encoderRate, 0f);
      headDecay = adamW(headRate, options.weightDecay());
      headNoDecay = adamW(headRate, 0f);
    }

    private static Optimizer adamW(LinearWarmupDecay rate, float weightDecay) {
      return Optimizer.adamW().optLearningRateTracker(rate).optWeightDecays(weightDecay).build();
    }

    void update(List<TrainableParameter> parameters) {
      // Gradient handles and the norm's temporaries go to a scratch manager: left in the weights'
      // manager they would pile up step after step (and every gradient collector walks them).
      try (NDManager scratch = model.newBatchManager()) {
        List<NDArray> gradients = new ArrayList<>(parameters.size());
        double squares = 0;
        for (TrainableParameter p : parameters) {
          NDArray gradient = null;
          if (p.array().hasGradient()) {
            gradient = p.array().getGradient();
            gradient.attach(scratch);
            squares += gradient.square().sum().getFloat();
          }
          gradients.add(gradient);
        }
        double norm = Math.sqrt(squares);
        if (!Double.isFinite(norm)) {
          // An overflowed step (bf16 GEMMs, a too-high rate) must not poison the weights: skip it,
          // as mixed-precision trainers do, and say so.
          // Filled, not multiplied: NaN times zero is NaN.
          gradients.stream().filter(g -> g != null).forEach(g -> g.set(new ai.djl.ndarray.index.NDIndex(":"), 0f));
          skippedSteps++;
          log.accept("skipped an optimizer step: the gradient norm was " + norm + " (" + skippedSteps + " so far)");
          return;
        }
        float clip = options.maxGradNorm() > 0 && norm > options.maxGradNorm()
            ? (float) (options.maxGradNorm() / (norm + 1e-6)) : 1f;
        for (int i = 0; i < parameters.size(); i++) {
          TrainableParameter p = parameters.get(i);
          NDArray gradient = gradients.get(i);
          if (gradient == null) {
            continue;
          }
          if (clip != 1f) {
            gradient.muli(clip);
          }
          Optimizer optimizer = p.head() ? (p.decay() ? headDecay : headNoDecay) : (p.decay() ? encoderDecay : encoderNoDecay);
          optimizer.update(p.name(), p.array(), gradient);
          gradient.muli(0f);
        }
      }
    }
  }

  /** One progress line every {@code progressSeconds}: a long run never looks hung. */
  private final class Progress {

    private final int total;
    private final long started = System.nanoTime();
    private long lastPrinted = started;
    private long tokens;
    private int done;
    private int doneAtEpochStart;
    private double lastMetric = Double.NaN;

    Progress(int total) {
      this.total = total;
    }

    void stepDone(int epoch, long stepTokens, double epochLossSum) {
      done++;
      double meanLoss = epochLossSum / (done - doneAtEpochStart);
      tokens += stepTokens;
      long now = System.nanoTime();
      if ((now - lastPrinted) / 1e9 >= options.progressSeconds()) {
        lastPrinted = now;
        double elapsed = (now - started) / 1e9;
        double eta = elapsed / done * (total - done);
        log.accept(String.format(Locale.ROOT,
            "epoch %d/%d  step %d/%d  loss %.4f  validation %s  %.0f tokens/s  ETA %s",
            epoch, options.epochs(), done, total, meanLoss,
            Double.isNaN(lastMetric) ? "-" : String.format(Locale.ROOT, "%.4f", lastMetric),
            tokens / Math.max(1e-9, elapsed), duration(eta)));
      }
    }

    void epochDone(int epoch, double loss, double metric) {
      lastMetric = metric;
      doneAtEpochStart = done;
      log.accept(String.format(Locale.ROOT, "epoch %d/%d done: training loss %.4f, validation metric %.4f, %s elapsed",
          epoch, options.epochs(), loss, metric, duration((System.nanoTime() - started) / 1e9)));
    }

    private static String duration(double seconds) {
      long s = Math.round(seconds);
      return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60)
          : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
  }
}
