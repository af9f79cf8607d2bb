package dev.winnow.jobs.train;

import com.google.gson.JsonObject;
import dev.winnow.jobs.config.ConfigError;
import dev.winnow.jobs.io.WriteMode;
import dev.winnow.runtime.checkpoint.HeadCheckpointWriter;
import dev.winnow.runtime.checkpoint.LinearHead;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The folder a training run leaves: the head checkpoint ({@link HeadCheckpointWriter}), {@value
 * #THRESHOLDS} for the score job's {@code thresholds.file}, and {@value #METRICS}.
 *
 * <p>Everything is written into a hidden sibling first and renamed into place, so a reader never
 * sees half a folder. With {@code overwrite} the old folder is renamed away first and deleted
 * after: between the two renames the path is briefly absent, never mixed.
 */
public final class HeadFolder {

  public static final String THRESHOLDS = "thresholds.conf";
  public static final String METRICS = "metrics.json";

  private HeadFolder() {}

  /** Fails fast, before any data is read, when the folder exists and may not be replaced. */
  public static void checkTarget(Path folder, WriteMode mode) {
    if (mode == WriteMode.ERROR && Files.exists(folder)) {
      throw new ConfigError("output.path", folder + " already exists; set output.mode = overwrite or choose another path");
    }
  }

  public static Path write(Path folder, WriteMode mode, String encoderRef, LinearHead head,
      JsonObject metadata, String thresholds, String metrics) {
    checkTarget(folder, mode);
    Path staged = sibling(folder, "staged");
    try {
      if (folder.toAbsolutePath().getParent() != null) {
        Files.createDirectories(folder.toAbsolutePath().getParent());
      }
      HeadCheckpointWriter.write(staged, encoderRef, head, metadata);
      Files.writeString(staged.resolve(THRESHOLDS), thresholds, StandardCharsets.UTF_8);
      Files.writeString(staged.resolve(METRICS), metrics, StandardCharsets.UTF_8);
      Path old = null;
      if (Files.exists(folder)) {
        old = sibling(folder, "replaced");
        move(folder, old);
      }
      move(staged, folder);
      if (old != null) {
        deleteQuietly(old);
      }
      return folder;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write head folder " + folder, e);
    } finally {
      deleteQuietly(staged);
    }
  }

  private static Path sibling(Path folder, String what) {
    return folder.toAbsolutePath().resolveSibling("." + folder.getFileName() + "." + what + "-" + UUID.randomUUID());
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to);
    }
  }

  private static void deleteQuietly(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // A leftover hidden sibling is harmless: nothing resolves it.
    }
  }
}
