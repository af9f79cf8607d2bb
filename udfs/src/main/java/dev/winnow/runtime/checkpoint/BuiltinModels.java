package dev.winnow.runtime.checkpoint;

import dev.winnow.runtime.checkpoint.onnx.BundledEncoder;
import dev.winnow.runtime.checkpoint.onnx.BundledEncoderImporter;

/**
 * Models that ship inside Winnow's jars. The bundled encoders come as ONNX files and are imported
 * once into a Hugging Face folder in the local cache, so they load through the same
 * {@link HuggingFaceCheckpoint} path as any user checkpoint.
 */
final class BuiltinModels {

  private BuiltinModels() {}

  static ModelSource resolve(String name) {
    BundledEncoder encoder = BundledEncoder.byName(name);
    return HuggingFaceCheckpoint.open(BundledEncoderImporter.defaultImporter().importEncoder(encoder));
  }
}
