package dev.winnow.runtime.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The tensors an encoder of a given {@link EncoderSpec} loads, with their shapes, so that a
 * checkpoint's header can be checked against its config before anything loads: a Spark driver
 * does this so that a wrong or mangled file fails in one line before any task starts.
 */
public final class EncoderTensors {

  /** A dimension the config does not fix (vocabulary, positions, token types). */
  private static final long ANY = -1;

  private EncoderTensors() {}

  /**
   * What is wrong with {@code stored} (tensor name to shape, as a safetensors header lists them)
   * for an encoder of {@code spec}: each missing tensor or shape that disagrees with the config,
   * at most {@code limit}; empty when nothing is.
   */
  public static List<String> problems(EncoderSpec spec, Map<String, long[]> stored, int limit) {
    ParameterNames names = ParameterNames.of(spec.family());
    long hidden = spec.hiddenSize();
    long inner = spec.intermediateSize();
    List<Expected> expected = new ArrayList<>();
    expected.add(new Expected(names.wordEmbeddings(), ANY, hidden));
    expected.add(new Expected(names.positionEmbeddings(), ANY, hidden));
    if (names.tokenTypeEmbeddings() != null) {
      expected.add(new Expected(names.tokenTypeEmbeddings(), ANY, hidden));
    }
    norm(expected, names.embeddingNorm(), hidden);
    for (int layer = 0; layer < spec.layers(); layer++) {
      for (String square : List.of(names.query(layer), names.key(layer), names.value(layer),
          names.attentionOutput(layer))) {
        dense(expected, square, hidden, hidden);
      }
      norm(expected, names.attentionNorm(layer), hidden);
      dense(expected, names.ffnIn(layer), inner, hidden);
      dense(expected, names.ffnOut(layer), hidden, inner);
      norm(expected, names.outputNorm(layer), hidden);
    }
    List<String> problems = new ArrayList<>();
    for (Expected e : expected) {
      if (problems.size() == limit) {
        break;
      }
      String key = stored.containsKey(e.name) ? e.name : names.prefix() + e.name;
      long[] shape = stored.get(key);
      if (shape == null) {
        problems.add("tensor '" + e.name + "' (or '" + names.prefix() + e.name + "') is missing");
      } else if (!e.fits(shape)) {
        problems.add("tensor '" + key + "' has shape " + Arrays.toString(shape) + " where the config ("
            + spec.layers() + " layers, hidden " + hidden + ", intermediate " + inner + ") needs "
            + e.describe());
      }
    }
    return problems;
  }

  private static void dense(List<Expected> out, String name, long rows, long columns) {
    out.add(new Expected(name + ".weight", rows, columns));
    out.add(new Expected(name + ".bias", rows));
  }

  private static void norm(List<Expected> out, String name, long size) {
    out.add(new Expected(name + ".weight", size));
    out.add(new Expected(name + ".bias", size));
  }

  private record Expected(String name, long... shape) {

    boolean fits(long[] actual) {
      if (actual.length != shape.length) {
        return false;
      }
      for (int i = 0; i < shape.length; i++) {
        if (shape[i] != ANY && shape[i] != actual[i]) {
          return false;
        }
      }
      return true;
    }

    String describe() {
      return Arrays.toString(Arrays.stream(shape).mapToObj(d -> d == ANY ? "*" : Long.toString(d)).toArray());
    }
  }
}
