package dev.winnow.runtime.checkpoint;

/** Models that ship inside Winnow's jars, materialized as Hugging Face folders on first use. */
final class BuiltinModels {

  private BuiltinModels() {}

  static ModelSource resolve(String name) {
    throw new IllegalArgumentException("unknown built-in model '" + name + "'");
  }
}
