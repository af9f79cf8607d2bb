package dev.winnow.jobs.train;

import dev.winnow.jobs.config.ConfigError;
import dev.winnow.jobs.io.WriteMode;
import dev.winnow.runtime.checkpoint.FolderPublisher;
import dev.winnow.runtime.checkpoint.HeadCheckpointWriter;
import dev.winnow.runtime.checkpoint.TrainedFacts;
import dev.winnow.runtime.checkpoint.LinearHead;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

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

  /** Writes a model's own files into the staging folder. */
  @FunctionalInterface
  public interface ModelFiles {
    void writeInto(Path staging) throws IOException;
  }

  public static Path write(Path folder, WriteMode mode, String encoderRef, LinearHead head,
      TrainedFacts facts, String thresholdsFile, String metrics) {
    return write(folder, mode, staging -> HeadCheckpointWriter.writeInto(staging, encoderRef, head, facts),
        thresholdsFile, metrics);
  }

  /** Publishes a trained model's folder: its own files, {@value #THRESHOLDS} and {@value #METRICS}. */
  public static Path write(Path folder, WriteMode mode, ModelFiles model, String thresholdsFile, String metrics) {
    checkTarget(folder, mode);
    try {
      return FolderPublisher.publish(folder, staging -> {
        model.writeInto(staging);
        Files.writeString(staging.resolve(THRESHOLDS), thresholdsFile, StandardCharsets.UTF_8);
        Files.writeString(staging.resolve(METRICS), metrics, StandardCharsets.UTF_8);
      }, existing -> false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write head folder " + folder, e);
    }
  }
}
