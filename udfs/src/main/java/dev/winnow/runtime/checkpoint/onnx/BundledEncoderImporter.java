package dev.winnow.runtime.checkpoint.onnx;

import dev.winnow.runtime.checkpoint.FolderPublisher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Turns a {@link BundledEncoder}'s ONNX file into a Hugging Face checkpoint folder in a cache,
 * {@code <cacheRoot>/encoders/<name>/}: {@code config.json}, {@code model.safetensors},
 * {@code tokenizer.json} and the {@code winnow-import.json} manifest that vouches for them.
 *
 * <p>Several JVMs (Spark executors on one host) may share a cache. Each builds in a private sibling
 * folder and renames it into place, so a folder under its final name is always complete; whoever
 * loses the rename uses the winner's folder. Within a JVM, one thread per folder builds while the
 * others wait, and a folder is hashed once: later calls only compare file sizes, times and inodes
 * with what was verified.
 */
public final class BundledEncoderImporter {

  public static final String CACHE_DIR_PROPERTY = "winnow.cache.dir";
  public static final String CACHE_DIR_ENV = "WINNOW_CACHE_DIR";

  private static final System.Logger LOG = System.getLogger(BundledEncoderImporter.class.getName());
  /** Far longer than a build takes: an older staging folder belongs to a JVM that died building. */
  private static final Duration ABANDONED_AFTER = Duration.ofHours(1);

  // Static: importers of the same cache (e.g. the default one, created per call) share both.
  private static final ConcurrentMap<Path, Object> FOLDER_LOCKS = new ConcurrentHashMap<>();
  private static final ConcurrentMap<Path, FolderStamp> VERIFIED = new ConcurrentHashMap<>();

  private final Path cacheRoot;

  public BundledEncoderImporter(Path cacheRoot) {
    this.cacheRoot = Objects.requireNonNull(cacheRoot, "cacheRoot").toAbsolutePath().normalize();
  }

  /** An importer of {@link #defaultCacheRoot()}, as configured at the time of the call. */
  public static BundledEncoderImporter defaultImporter() {
    return new BundledEncoderImporter(defaultCacheRoot());
  }

  /** System property {@value #CACHE_DIR_PROPERTY}, else env {@value #CACHE_DIR_ENV}, else {@code ~/.cache/winnow}. */
  public static Path defaultCacheRoot() {
    String configured = System.getProperty(CACHE_DIR_PROPERTY);
    if (configured == null || configured.isBlank()) {
      configured = System.getenv(CACHE_DIR_ENV);
    }
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    return Path.of(System.getProperty("user.home"), ".cache", "winnow");
  }

  public Path cacheRoot() {
    return cacheRoot;
  }

  /** Where {@link #importEncoder} puts {@code encoder}; nothing is created. */
  public Path folderOf(BundledEncoder encoder) {
    return cacheRoot.resolve("encoders").resolve(encoder.encoderName());
  }

  /**
   * The encoder's checkpoint folder, built unless an intact one is already cached.
   *
   * @throws UncheckedIOException if the cache cannot be written
   */
  public Path importEncoder(BundledEncoder encoder) {
    Path folder = folderOf(encoder);
    synchronized (FOLDER_LOCKS.computeIfAbsent(folder, key -> new Object())) {
      try {
        Optional<String> problem = problemWith(folder, encoder);
        if (problem.isPresent()) {
          LOG.log(Level.INFO, "importing {0} into {1} ({2})", encoder.source(), folder, problem.get());
          build(encoder, folder);
        }
        return folder;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot import encoder '" + encoder.encoderName() + "' into " + folder
            + " (set -D" + CACHE_DIR_PROPERTY + " or " + CACHE_DIR_ENV + " to use another cache): " + e, e);
      }
    }
  }

  /** Forgets which folders this JVM has verified, as if it had just started (for tests). */
  static void forgetVerifiedFolders() {
    VERIFIED.clear();
  }

  private static Optional<String> problemWith(Path folder, BundledEncoder encoder) {
    Optional<FolderStamp> before = FolderStamp.of(folder);
    if (before.isPresent() && before.equals(Optional.ofNullable(VERIFIED.get(folder)))) {
      return Optional.empty();
    }
    Optional<String> problem = ImportManifest.problemWith(folder, encoder, EncoderCheckpointWriter.FILES);
    // Only trust the stamp if nothing changed while hashing.
    if (problem.isEmpty() && before.isPresent() && before.equals(FolderStamp.of(folder))) {
      VERIFIED.put(folder, before.get());
    }
    return problem;
  }

  private static void build(BundledEncoder encoder, Path folder) throws IOException {
    Files.createDirectories(folder.getParent());
    deleteAbandonedSiblings(folder);
    FolderPublisher.publish(folder, staging -> {
      EncoderCheckpointWriter.write(encoder, staging);
      ImportManifest.describe(staging, encoder, EncoderCheckpointWriter.FILES).writeInto(staging);
    }, existing -> problemWith(existing, encoder).isEmpty());
    FolderStamp.of(folder).ifPresent(stamp -> VERIFIED.put(folder, stamp));
  }

  /** Best effort: a leftover costs disk, not correctness, so failing here must not fail the import. */
  private static void deleteAbandonedSiblings(Path folder) {
    String prefix = "." + folder.getFileName() + ".";
    Instant cutoff = Instant.now().minus(ABANDONED_AFTER);
    try (var siblings = Files.list(folder.getParent())) {
      for (Path sibling : (Iterable<Path>) siblings::iterator) {
        String name = sibling.getFileName().toString();
        if (name.startsWith(prefix)
            && (name.contains(".tmp-") || name.contains(".stale-"))
            && Files.getLastModifiedTime(sibling).toInstant().isBefore(cutoff)) {
          FolderPublisher.deleteTree(sibling);
        }
      }
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "cannot clean abandoned imports next to " + folder, e);
    }
  }
}
