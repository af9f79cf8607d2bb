package dev.winnow.notebooks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Executes a notebook headless with {@code jupyter nbconvert --execute} on the project's
 * kernelspec, and reads back what it wrote.
 *
 * <p>The Java kernel sometimes fails to start: a race inside it leaves it hanging without answering
 * {@code kernel_info}, more often on a busy machine. Only that failure is retried, up to {@value
 * #MAX_ATTEMPTS} starts, each logged with the line that identified it; any other failure is
 * reported at once with the end of nbconvert's output. Cells run with {@code --allow-errors}, so a
 * failing cell still yields an executed notebook whose errors the caller reports by cell.
 *
 * @param jupyter the {@code jupyter} command
 * @param jupyterPath the folder holding {@code kernels/<kernel>/kernel.json} ({@code JUPYTER_PATH})
 * @param outputDir where executed notebooks and nbconvert's logs go
 * @param env added to the kernel's environment (through nbconvert's)
 */
record NotebookExecutor(
    Path jupyter, Path jupyterPath, String kernel, Path outputDir, Duration cellTimeout, Map<String, String> env) {

  /**
   * Measured while writing this: of 31 starts, the first 12 (mostly on an idle machine) all came
   * up; of the 19 while other builds kept the 2 cores at load average 17-33, 12 hung. At that
   * rate eight starts still fail a notebook about 2.5% of the time; a hung start costs about 70 s.
   */
  static final int MAX_ATTEMPTS = 8;

  /** How jupyter_client and nbclient report a kernel that never became ready. */
  private static final Pattern KERNEL_START_FAILURE = Pattern.compile(
      ".*(Kernel died before replying to kernel_info|Kernel didn't respond in \\d+ seconds"
          + "|Kernel didn't respond to heartbeats).*");

  /**
   * A failed start does not die: the kernel hangs before its shell channel answers, so only this
   * timeout ends it. A good start took 3-30 s (the kernel JVM opens a few hundred jars; 30 s at
   * load average 33 on 2 cores), so this leaves room for a busy machine without waiting long on a
   * hung kernel.
   */
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

  NotebookExecutor {
    env = Map.copyOf(env);
  }

  ExecutedNotebook execute(Path notebook) {
    String name = notebook.getFileName().toString();
    String stem = name.replaceFirst("\\.ipynb$", "");
    try {
      Files.createDirectories(outputDir);
      for (int attempt = 1; ; attempt++) {
        Path log = outputDir.resolve(stem + ".attempt-" + attempt + ".log");
        Path executed = outputDir.resolve(name);
        Files.deleteIfExists(executed);
        int exit = run(notebook, log);
        String output = Files.readString(log, StandardCharsets.UTF_8);
        if (exit == 0 && Files.isRegularFile(executed)) {
          log(name, "executed on attempt " + attempt + " of " + MAX_ATTEMPTS + " (log " + log + ")");
          return ExecutedNotebook.read(executed);
        }
        Optional<String> startFailure = kernelStartFailure(output);
        if (startFailure.isEmpty()) {
          throw new AssertionError("jupyter nbconvert failed on " + name + " (exit " + exit + "), not at kernel start; "
              + "log " + log + ", ending:\n" + tail(output, 40));
        }
        if (attempt == MAX_ATTEMPTS) {
          throw new AssertionError("the kernel failed to start " + MAX_ATTEMPTS + " times for " + name
              + "; last: " + startFailure.get() + "; logs " + outputDir + "/" + stem + ".attempt-*.log");
        }
        log(name, "kernel start failed on attempt " + attempt + " of " + MAX_ATTEMPTS + " ("
            + startFailure.get().strip() + "); retrying. Log " + log);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot execute " + notebook, e);
    }
  }

  /** The line of nbconvert's output saying the kernel never became ready, if there is one. */
  static Optional<String> kernelStartFailure(String nbconvertOutput) {
    return nbconvertOutput.lines().filter(line -> KERNEL_START_FAILURE.matcher(line).matches()).findFirst();
  }

  private int run(Path notebook, Path log) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(List.of(
        jupyter.toString(), "nbconvert", "--to", "notebook", "--execute", "--allow-errors",
        "--ExecutePreprocessor.kernel_name=" + kernel,
        "--ExecutePreprocessor.timeout=" + cellTimeout.toSeconds(),
        "--ExecutePreprocessor.startup_timeout=" + STARTUP_TIMEOUT.toSeconds(),
        "--output-dir", outputDir.toString(),
        notebook.toString()))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    builder.environment().put("JUPYTER_PATH", jupyterPath.toString());
    builder.environment().putAll(env);
    Process process = builder.start();
    try {
      // A cell can take cellTimeout; nbconvert stops itself then. This only guards a hung nbconvert.
      if (!process.waitFor(cellTimeout.toMinutes() * 4 + 10, TimeUnit.MINUTES)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        throw new AssertionError("jupyter nbconvert did not finish " + notebook + "; log " + log);
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while executing " + notebook, e);
    }
  }

  private static void log(String notebook, String message) {
    System.out.println("[notebooks] " + notebook + ": " + message);
  }

  private static String tail(String text, int lines) {
    List<String> all = text.lines().toList();
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }
}
