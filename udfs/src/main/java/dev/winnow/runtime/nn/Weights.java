package dev.winnow.runtime.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import dev.winnow.runtime.WinnowErrors;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Named parameter tensors of one model, looked up by their Hugging Face names.
 *
 * <p>Checkpoints prefix encoder weights with the architecture ({@code bert.}, {@code roberta.},
 * {@code distilbert.}) when a head sits on top and not when saved as a bare encoder; lookups try
 * both so one encoder implementation serves either.
 */
public final class Weights {

  private final Map<String, NDArray> byName;
  private final String source;

  private Weights(Map<String, NDArray> byName, String source) {
    this.byName = Collections.unmodifiableMap(byName);
    this.source = source;
  }

  public static Weights of(NDList arrays, String source) {
    Map<String, NDArray> map = new TreeMap<>();
    for (NDArray array : arrays) {
      if (array.getName() == null) {
        throw WinnowErrors.badModel("unnamed tensor in " + source);
      }
      map.put(array.getName(), array);
    }
    return new Weights(map, source);
  }

  /** The tensor named {@code name}, or with {@code prefix} in front of it. */
  public NDArray require(String prefix, String name) {
    return byName.get(storedName(prefix, name));
  }

  /** The key {@link #require} finds: {@code name} itself, or {@code prefix + name}. */
  public String storedName(String prefix, String name) {
    if (byName.containsKey(name)) {
      return name;
    }
    if (byName.containsKey(prefix + name)) {
      return prefix + name;
    }
    throw WinnowErrors.badModel(
        "weight '" + name + "' (or '" + prefix + name + "') is missing from " + source + nearby(name));
  }

  public boolean has(String name) {
    return byName.containsKey(name);
  }

  public Set<String> names() {
    return byName.keySet();
  }

  public String source() {
    return source;
  }

  private String nearby(String name) {
    String stem = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
    String similar = byName.keySet().stream()
        .filter(n -> n.contains(stem))
        .limit(5)
        .collect(Collectors.joining(", "));
    return similar.isEmpty() ? "" : " (it has e.g. " + similar + ")";
  }
}
