package dev.winnow.runtime.checkpoint;

import dev.winnow.runtime.WinnowErrors;
import dev.winnow.runtime.checkpoint.onnx.BundledEncoder;
import dev.winnow.runtime.checkpoint.onnx.BundledEncoderImporter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.commons.codec.binary.Hex;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * Models that ship inside Winnow's jars.
 *
 * <p>Encoders come as ONNX files and are imported once into a Hugging Face folder
 * ({@link BundledEncoderImporter}); trained heads come as a few-KB Hugging Face folder in the
 * classpath and are copied out to {@code <cache>/models/<content hash>/<name>/}, so both load
 * through the same {@link HuggingFaceCheckpoint} path as any user checkpoint, and a new Winnow
 * version with retrained heads never reads a stale copy.
 */
final class BuiltinModels {

  /**
   * Models trained by Winnow's own {@code train} job (heads or adapters over a bundled encoder),
   * under {@code /dev/winnow/models/NAME/}: the current safety model, and v1 kept loadable by name
   * for users whose thresholds were tuned on it.
   */
  static final List<String> HEADS = List.of("winnow-safety", "winnow-safety-v1");

  private static final List<String> HEAD_FILES = List.of(HuggingFaceCheckpoint.CONFIG, HuggingFaceCheckpoint.WEIGHTS);
  private static final List<String> OPTIONAL_HEAD_FILES = List.of("thresholds.conf", "metrics.json");

  private BuiltinModels() {}

  static ModelSource resolve(String name) {
    String key = name.trim().toLowerCase(Locale.ROOT);
    if (HEADS.contains(key)) {
      return HuggingFaceCheckpoint.open(materializeHead(key, BundledEncoderImporter.defaultCacheRoot()));
    }
    BundledEncoder encoder;
    try {
      encoder = BundledEncoder.byName(key);
    } catch (IllegalArgumentException e) {
      throw WinnowErrors.badModel("unknown built-in model '" + name + "'; built-in models: "
          + String.join(", ", names()), e);
    }
    return HuggingFaceCheckpoint.open(BundledEncoderImporter.defaultImporter().importEncoder(encoder));
  }

  static List<String> names() {
    List<String> names = new ArrayList<>(HEADS);
    Arrays.stream(BundledEncoder.values()).map(BundledEncoder::encoderName).forEach(names::add);
    return names;
  }

  static Path materializeHead(String name, Path cacheRoot) {
    List<String> files = new ArrayList<>(HEAD_FILES);
    OPTIONAL_HEAD_FILES.stream().filter(f -> resource(name, f) != null).forEach(files::add);
    byte[][] contents = new byte[files.size()][];
    MessageDigest digest = DigestUtils.getSha256Digest();
    for (int i = 0; i < files.size(); i++) {
      contents[i] = read(name, files.get(i));
      DigestUtils.updateDigest(digest, files.get(i));
      digest.update(contents[i]);
    }
    String hash = Hex.encodeHexString(digest.digest()).substring(0, 12);
    // The folder's name is the model's name (ModelInfo takes it from there); the hash above it
    // keeps versions apart.
    Path folder = cacheRoot.resolve("models").resolve(hash).resolve(name);
    if (isComplete(folder, files, contents)) {
      return folder;
    }
    try {
      return FolderPublisher.publish(folder, staging -> {
        for (int i = 0; i < files.size(); i++) {
          Files.write(staging.resolve(files.get(i)), contents[i]);
        }
      }, existing -> isComplete(existing, files, contents));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write built-in model " + name + " to " + folder
          + " (set WINNOW_CACHE_DIR or -Dwinnow.cache.dir to a writable folder)", e);
    }
  }

  private static boolean isComplete(Path folder, List<String> files, byte[][] contents) {
    try {
      for (int i = 0; i < files.size(); i++) {
        Path file = folder.resolve(files.get(i));
        if (!Files.isRegularFile(file) || !Arrays.equals(Files.readAllBytes(file), contents[i])) {
          return false;
        }
      }
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static InputStream resource(String name, String file) {
    return BuiltinModels.class.getResourceAsStream("/dev/winnow/models/" + name + "/" + file);
  }

  private static byte[] read(String name, String file) {
    try (InputStream in = resource(name, file)) {
      if (in == null) {
        throw new IllegalStateException("built-in model " + name + " is missing " + file
            + " in the winnow-udfs jar (a broken build?)");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read built-in model " + name + "/" + file, e);
    }
  }

}
