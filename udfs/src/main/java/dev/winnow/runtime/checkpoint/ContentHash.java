package dev.winnow.runtime.checkpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.codec.binary.Hex;
import org.apache.commons.codec.digest.DigestUtils;
import org.apache.commons.codec.digest.MessageDigestAlgorithms;

/**
 * SHA-256 over a model's files, remembered per (path, size, mtime) so that describing a model
 * on the Spark driver and loading it on an executor do not both re-read 100+ MB.
 */
final class ContentHash {

  private static final Map<String, String> FILE_HASHES = new ConcurrentHashMap<>();

  private ContentHash() {}

  /** A hash of the files' hashes, in the given order; missing files are skipped. */
  static String of(List<Path> files) {
    MessageDigest combined = DigestUtils.getSha256Digest();
    for (Path file : files) {
      if (Files.isRegularFile(file)) {
        combined.update(file.getFileName().toString().getBytes(StandardCharsets.UTF_8));
        combined.update(HexFormat.of().parseHex(file(file)));
      }
    }
    return Hex.encodeHexString(combined.digest());
  }

  static String file(Path file) {
    try {
      String key = file.toAbsolutePath() + "|" + Files.size(file) + "|" + Files.getLastModifiedTime(file).toMillis();
      return FILE_HASHES.computeIfAbsent(key, k -> digest(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot hash " + file, e);
    }
  }

  private static String digest(Path file) {
    try {
      return new DigestUtils(MessageDigestAlgorithms.SHA_256).digestAsHex(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot hash " + file, e);
    }
  }
}
