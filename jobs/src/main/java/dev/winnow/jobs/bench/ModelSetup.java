package dev.winnow.jobs.bench;

import dev.winnow.runtime.Devices;
import dev.winnow.runtime.InferenceOptions;

/**
 * The model a mode ran, where and at what precision: a number means little without them.
 *
 * @param ref the model reference ({@code model.ref}), or the ONNX file the ONNX mode ran
 * @param device the device after {@code auto} was resolved, e.g. {@code cpu} or {@code gpu:0}
 * @param precision {@code model.precision} as the model ran it
 */
public record ModelSetup(String ref, String device, String precision) {

  /** A runtime model loaded with these (resolved) options. */
  static ModelSetup of(String ref, InferenceOptions resolved) {
    return new ModelSetup(ref, Devices.name(resolved.device()), resolved.precision().key());
  }
}
