package dev.winnow.jobs.bench;

import dev.winnow.runtime.Models;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one mode in a fresh JVM with this JVM's flags, model cache and class path (what {@code
 * bin/winnow} gave it), its output in a log file, and reads back its result line.
 */
final class ChildJvm {

  private ChildJvm() {}

  static ModeResult run(BenchMode mode, int rows, Path corpus, Path warmup, List<String> benchArgs, Path log) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    // The same model cache, also when it was set after start (a test runner sets properties so),
    // where it is not among the input arguments.
    String cache = System.getProperty(Models.CACHE_DIR_PROPERTY);
    if (cache != null && !cache.isBlank()) {
      command.add("-D" + Models.CACHE_DIR_PROPERTY + "=" + cache);
    }
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(ModeMain.class.getName());
    command.add(mode.key());
    command.add(String.valueOf(rows));
    command.add(corpus.toString());
    command.add(warmup.toString());
    command.addAll(benchArgs);
    try {
      Files.createDirectories(log.getParent());
      Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      int code = process.waitFor();
      List<String> lines = Files.readAllLines(log);
      for (String line : lines) {
        if (line.startsWith(ModeMain.RESULT)) {
          return ModeResult.fromLine(line.substring(ModeMain.RESULT.length()));
        }
      }
      throw new IllegalStateException("mode " + mode.key() + " (" + rows + " rows) exited with " + code
          + " and no result; see " + log + ":\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 15),
              lines.size())));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run mode " + mode.key(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while mode " + mode.key() + " ran", e);
    }
  }
}
