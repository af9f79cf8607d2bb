package dev.winnow.runtime.checkpoint.onnx;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.codec.digest.DigestUtils;
import org.apache.commons.codec.digest.MessageDigestAlgorithms;

/**
 * {@code winnow-import.json}: what an imported folder was built from and the digest of each file.
 *
 * <p>Written last, so its presence means the other files were complete; their digests catch later
 * truncation or corruption, and {@code format}/{@code source} retire folders built by an older
 * importer or from another jar version.
 *
 * @param format {@link #FORMAT} of the importer that wrote it
 * @param encoder the encoder's name
 * @param source Maven coordinates and resource the weights came from
 * @param files file name to size and SHA-256
 */
record ImportManifest(int format, String encoder, String source, Map<String, FileDigest> files) {

  static final String FILE_NAME = "winnow-import.json";

  /** Bump when the folder's layout or contents change, so caches of older builds are rebuilt. */
  static final int FORMAT = 1;

  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

  record FileDigest(long size, String sha256) {}

  ImportManifest {
    // Gson passes null for a field missing from a damaged manifest; that must read as "rebuild".
    files = files == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(files));
  }

  /** Digests {@code files} as they are now in {@code folder}. */
  static ImportManifest describe(Path folder, BundledEncoder encoder, List<String> files) throws IOException {
    Map<String, FileDigest> digests = new LinkedHashMap<>();
    for (String file : files) {
      Path path = folder.resolve(file);
      digests.put(file, new FileDigest(Files.size(path), sha256(path)));
    }
    return new ImportManifest(FORMAT, encoder.encoderName(), encoder.source(), digests);
  }

  void writeInto(Path folder) throws IOException {
    Files.writeString(folder.resolve(FILE_NAME), GSON.toJson(this) + "\n", StandardCharsets.UTF_8);
  }

  /**
   * Why {@code folder} is not a complete, intact import of {@code encoder}; empty when it is.
   * Reads and hashes every file.
   */
  static Optional<String> problemWith(Path folder, BundledEncoder encoder, List<String> files) {
    Path manifestFile = folder.resolve(FILE_NAME);
    ImportManifest manifest;
    try {
      manifest = GSON.fromJson(Files.readString(manifestFile, StandardCharsets.UTF_8), ImportManifest.class);
    } catch (NoSuchFileException e) {
      return Optional.of("no " + manifestFile);
    } catch (IOException | RuntimeException e) { // Gson reports bad JSON unchecked
      return Optional.of("unreadable " + manifestFile + ": " + e.getMessage());
    }
    if (manifest == null) {
      return Optional.of("empty " + manifestFile);
    }
    if (manifest.format() != FORMAT
        || !encoder.encoderName().equals(manifest.encoder())
        || !encoder.source().equals(manifest.source())) {
      return Optional.of(manifestFile + " describes format " + manifest.format() + " of " + manifest.source()
          + ", wanted format " + FORMAT + " of " + encoder.source());
    }
    if (!manifest.files().keySet().equals(Set.copyOf(files))) {
      return Optional.of(manifestFile + " lists " + manifest.files().keySet() + ", wanted " + files);
    }
    for (Map.Entry<String, FileDigest> entry : manifest.files().entrySet()) {
      Optional<String> problem = mismatch(folder.resolve(entry.getKey()), entry.getValue());
      if (problem.isPresent()) {
        return problem;
      }
    }
    return Optional.empty();
  }

  private static Optional<String> mismatch(Path file, FileDigest expected) {
    try {
      long size = Files.size(file);
      if (size != expected.size()) {
        return Optional.of(file + " has " + size + " bytes, expected " + expected.size());
      }
      if (!Objects.equals(sha256(file), expected.sha256())) {
        return Optional.of(file + " does not match its SHA-256 in " + FILE_NAME);
      }
      return Optional.empty();
    } catch (NoSuchFileException e) {
      return Optional.of("no " + file);
    } catch (IOException e) {
      return Optional.of("unreadable " + file + ": " + e.getMessage());
    }
  }

  static String sha256(Path file) throws IOException {
    return new DigestUtils(MessageDigestAlgorithms.SHA_256).digestAsHex(file);
  }
}
