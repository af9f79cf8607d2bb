package dev.winnow.runtime.testing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A deliberately naive, loop-by-loop re-statement of the Hugging Face forward passes for the
 * fixture architectures, in double precision and one unpadded sequence at a time: an oracle that
 * shares no code with the NDArray implementation under test.
 */
public final class ReferenceTransformer {

  private final Map<String, float[]> w = new HashMap<>();
  private final Map<String, long[]> shapes = new HashMap<>();
  private final CheckpointFixtures.Architecture arch;
  private final double eps;

  public ReferenceTransformer(Path checkpoint, CheckpointFixtures.Architecture arch) throws IOException {
    this.arch = arch;
    this.eps = arch == CheckpointFixtures.Architecture.ROBERTA ? 1e-5 : 1e-12;
    try (NDManager manager = NDManager.newBaseManager("PyTorch");
        InputStream in = Files.newInputStream(checkpoint.resolve("model.safetensors"))) {
      for (NDArray a : NDList.decode(manager, in)) {
        w.put(a.getName(), a.toFloatArray());
        shapes.put(a.getName(), a.getShape().getShape());
      }
    }
  }

  /** Logits for one sequence of token ids (special tokens included, no padding), all type 0. */
  public double[] logits(long[] ids) {
    return logits(ids, new long[ids.length]);
  }

  /**
   * Logits for one sequence with its token type ids, which only BERT's two-row token type table
   * reads (Hugging Face never hands RoBERTa's tokenizer type ids to the model).
   */
  public double[] logits(long[] ids, long[] typeIds) {
    String prefix = switch (arch) {
      case BERT -> "bert.";
      case ROBERTA -> "roberta.";
      case DISTILBERT -> "distilbert.";
    };
    int t = ids.length;
    int h = CheckpointFixtures.HIDDEN;
    double[][] x = new double[t][h];
    for (int i = 0; i < t; i++) {
      int position = arch == CheckpointFixtures.Architecture.ROBERTA ? 1 + 1 + i : i;
      for (int d = 0; d < h; d++) {
        x[i][d] = w.get(prefix + "embeddings.word_embeddings.weight")[(int) ids[i] * h + d]
            + w.get(prefix + "embeddings.position_embeddings.weight")[position * h + d]
            + (arch == CheckpointFixtures.Architecture.DISTILBERT ? 0
                : w.get(prefix + "embeddings.token_type_embeddings.weight")[(int) typeRow(typeIds[i]) * h + d]);
      }
      x[i] = layerNorm(x[i], prefix + "embeddings.LayerNorm");
    }
    for (int l = 0; l < CheckpointFixtures.LAYERS; l++) {
      x = block(x, prefix, l);
    }
    double[] cls = x[0];
    return switch (arch) {
      case BERT -> dense(tanh(dense(cls, "bert.pooler.dense")), "classifier");
      case ROBERTA -> dense(tanh(dense(cls, "classifier.dense")), "classifier.out_proj");
      case DISTILBERT -> dense(relu(dense(cls, "pre_classifier")), "classifier");
    };
  }

  private long typeRow(long typeId) {
    return arch == CheckpointFixtures.Architecture.BERT ? typeId : 0;
  }

  private double[][] block(double[][] x, String prefix, int layer) {
    boolean distil = arch == CheckpointFixtures.Architecture.DISTILBERT;
    String p = prefix + (distil ? "transformer.layer." : "encoder.layer.") + layer + ".";
    String q = p + (distil ? "attention.q_lin" : "attention.self.query");
    String k = p + (distil ? "attention.k_lin" : "attention.self.key");
    String v = p + (distil ? "attention.v_lin" : "attention.self.value");
    String o = p + (distil ? "attention.out_lin" : "attention.output.dense");
    String n1 = p + (distil ? "sa_layer_norm" : "attention.output.LayerNorm");
    String f1 = p + (distil ? "ffn.lin1" : "intermediate.dense");
    String f2 = p + (distil ? "ffn.lin2" : "output.dense");
    String n2 = p + (distil ? "output_layer_norm" : "output.LayerNorm");
    int t = x.length;
    int h = CheckpointFixtures.HIDDEN;
    int heads = CheckpointFixtures.HEADS;
    int hd = h / heads;
    double[][] qs = new double[t][];
    double[][] ks = new double[t][];
    double[][] vs = new double[t][];
    for (int i = 0; i < t; i++) {
      qs[i] = dense(x[i], q);
      ks[i] = dense(x[i], k);
      vs[i] = dense(x[i], v);
    }
    double[][] out = new double[t][];
    for (int i = 0; i < t; i++) {
      double[] context = new double[h];
      for (int head = 0; head < heads; head++) {
        double[] scores = new double[t];
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < t; j++) {
          double s = 0;
          for (int d = 0; d < hd; d++) {
            s += qs[i][head * hd + d] * ks[j][head * hd + d];
          }
          scores[j] = s / Math.sqrt(hd);
          max = Math.max(max, scores[j]);
        }
        double sum = 0;
        for (int j = 0; j < t; j++) {
          scores[j] = Math.exp(scores[j] - max);
          sum += scores[j];
        }
        for (int j = 0; j < t; j++) {
          for (int d = 0; d < hd; d++) {
            context[head * hd + d] += scores[j] / sum * vs[j][head * hd + d];
          }
        }
      }
      double[] attended = layerNorm(add(dense(context, o), x[i]), n1);
      double[] inner = dense(attended, f1);
      for (int d = 0; d < inner.length; d++) {
        inner[d] = 0.5 * inner[d] * (1 + erf(inner[d] / Math.sqrt(2)));
      }
      out[i] = layerNorm(add(dense(inner, f2), attended), n2);
    }
    return out;
  }

  private double[] dense(double[] in, String name) {
    float[] weight = w.get(name + ".weight");
    float[] bias = w.get(name + ".bias");
    int outDim = (int) shapes.get(name + ".weight")[0];
    double[] out = new double[outDim];
    for (int r = 0; r < outDim; r++) {
      double s = bias[r];
      for (int c = 0; c < in.length; c++) {
        s += weight[r * in.length + c] * in[c];
      }
      out[r] = s;
    }
    return out;
  }

  private double[] layerNorm(double[] in, String name) {
    double mean = 0;
    for (double v : in) {
      mean += v;
    }
    mean /= in.length;
    double var = 0;
    for (double v : in) {
      var += (v - mean) * (v - mean);
    }
    var /= in.length;
    double[] out = new double[in.length];
    for (int d = 0; d < in.length; d++) {
      out[d] = (in[d] - mean) / Math.sqrt(var + eps) * w.get(name + ".weight")[d] + w.get(name + ".bias")[d];
    }
    return out;
  }

  private static double[] add(double[] a, double[] b) {
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i] + b[i];
    }
    return out;
  }

  private static double[] tanh(double[] a) {
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = Math.tanh(a[i]);
    }
    return out;
  }

  private static double[] relu(double[] a) {
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = Math.max(0, a[i]);
    }
    return out;
  }

  /** erf by Abramowitz and Stegun 7.1.26 (|error| below 1.5e-7), ample for a 1e-4 oracle. */
  static double erf(double x) {
    double sign = Math.signum(x);
    double a = Math.abs(x);
    double t = 1 / (1 + 0.3275911 * a);
    double y = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t
        * Math.exp(-a * a);
    return sign * y;
  }
}
