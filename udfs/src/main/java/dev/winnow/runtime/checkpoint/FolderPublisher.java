package dev.winnow.runtime.checkpoint;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Makes a model folder appear complete or not at all: it is written into a hidden staging
 * sibling and renamed into place in one atomic move, so a reader (another executor on the same
 * host, a crashed run's successor) never sees a half-written checkpoint.
 */
public final class FolderPublisher {

  /** Writes a folder's files into the (empty) staging directory it is given. */
  @FunctionalInterface
  public interface Contents {
    void writeInto(Path staging) throws IOException;
  }

  private static final int ATTEMPTS = 3;

  private FolderPublisher() {}

  /**
   * Publishes {@code contents} as {@code folder}. An existing folder that {@code keepExisting}
   * accepts wins (another process published the same thing first); any other is replaced.
   */
  public static Path publish(Path folder, Contents contents, Predicate<Path> keepExisting) throws IOException {
    Path parent = folder.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    // Not createTempDirectory: its owner-only permissions would follow the folder into place.
    Path staging = Files.createDirectory(parent.resolve("." + folder.getFileName() + ".tmp-" + UUID.randomUUID()));
    try {
      contents.writeInto(staging);
      for (int attempt = 1; ; attempt++) {
        if (Files.exists(folder)) {
          if (keepExisting.test(folder)) {
            return folder;
          }
          moveAsideAndDelete(folder);
        }
        try {
          Files.move(staging, folder, StandardCopyOption.ATOMIC_MOVE);
          return folder;
        } catch (FileSystemException e) {
          // Lost a race: someone published between the check and the rename.
          if (!Files.exists(folder) || attempt == ATTEMPTS) {
            throw e;
          }
        }
      }
    } finally {
      deleteTree(staging);
    }
  }

  /** Renames first, so no reader ever sees a half-deleted folder under the real name. */
  public static void moveAsideAndDelete(Path folder) throws IOException {
    Path aside = folder.resolveSibling("." + folder.getFileName() + ".stale-" + UUID.randomUUID());
    try {
      Files.move(folder, aside, StandardCopyOption.ATOMIC_MOVE);
    } catch (NoSuchFileException alreadyGone) {
      return;
    }
    deleteTree(aside);
  }

  public static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (var paths = Files.walk(root)) {
      for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(path);
      }
    }
  }
}
