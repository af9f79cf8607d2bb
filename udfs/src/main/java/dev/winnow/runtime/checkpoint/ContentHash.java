package dev.winnow.runtime.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SHA-256 over a model's files, remembered per (path, size, mtime) so that describing a model
 * on the Spark driver and loading it on an executor do not both re-read 100+ MB.
 */
final class ContentHash {

  private static final Map<String, String> FILE_HASHES = new ConcurrentHashMap<>();

  private ContentHash() {}

  /** A hash of the files' hashes, in the given order; missing files are skipped. */
  static String of(List<Path> files) {
    MessageDigest combined = sha256();
    for (Path file : files) {
      if (Files.isRegularFile(file)) {
        combined.update(file.getFileName().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        combined.update(HexFormat.of().parseHex(file(file)));
      }
    }
    return HexFormat.of().formatHex(combined.digest());
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
    MessageDigest digest = sha256();
    byte[] buffer = new byte[1 << 20];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
        digest.update(buffer, 0, n);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot hash " + file, e);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
