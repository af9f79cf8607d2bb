package dev.winnow.jobs.testing;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a main class in a fresh JVM on this test's classpath: for what one JVM cannot show about
 * itself (a fixed heap, no network, what a process prints). The child gets the module flags Spark
 * needs but not {@code -Dai.djl.offline}: entry points must set that themselves. Spark runs local
 * on loopback only.
 *
 * @param prefix command put before {@code java} (e.g. {@code unshare -n}); empty for none
 * @param heap the child's {@code -Xmx}, e.g. {@code 768m}
 * @param env variables added to (or, with a null value, removed from) the inherited environment
 */
public record ChildJvm(List<String> prefix, String heap, Map<String, String> env) {

  /** What the child did. */
  public record Result(int exitCode, String stdout, String stderr) {
    public String all() {
      return stdout + "\n" + stderr;
    }
  }

  public Result run(Path workDir, Duration timeout, String mainClass, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(prefix);
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + heap);
    for (String flag : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (flag.startsWith("--add-opens") || flag.startsWith("-XX:+IgnoreUnrecognizedVMOptions")
          || flag.startsWith("-Djdk.reflect") || flag.startsWith("-Dio.netty")) {
        command.add(flag);
      }
    }
    command.add("-Dwinnow.cache.dir=" + System.getProperty("winnow.cache.dir", workDir.resolve("cache").toString()));
    command.addAll(List.of("-Dspark.master=local[2]", "-Dspark.ui.enabled=false", "-Dspark.driver.host=127.0.0.1",
        "-Dspark.driver.bindAddress=127.0.0.1", "-Dspark.sql.shuffle.partitions=2"));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
    command.addAll(List.of(args));

    Path out = Files.createTempFile(workDir, "stdout", ".txt");
    Path err = Files.createTempFile(workDir, "stderr", ".txt");
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile());
    env.forEach((k, v) -> {
      if (v == null) {
        builder.environment().remove(k);
      } else {
        builder.environment().put(k, v);
      }
    });
    Process process = builder.start();
    if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
      throw new IllegalStateException("child " + mainClass + " still running after " + timeout + "; stderr:\n"
          + tail(Files.readString(err, StandardCharsets.UTF_8)));
    }
    return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  /** The end of a long log, for assertion messages. */
  public static String tail(String text) {
    return text.length() <= 4000 ? text : "..." + text.substring(text.length() - 4000);
  }
}
