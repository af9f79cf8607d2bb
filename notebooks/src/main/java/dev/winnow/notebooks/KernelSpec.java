package dev.winnow.notebooks;

import com.google.gson.GsonBuilder;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Jupyter kernelspec ({@code kernel.json}) that runs the Java kernel (rapaio-jupyter-kernel)
 * on the jars this build produced, with the JVM flags Spark needs.
 *
 * <p>Written by the build at {@code package} into {@code notebooks/target/jupyter/kernels/NAME/},
 * next to the kernel jar, so nothing outside the project changes: Jupyter finds it through {@code
 * JUPYTER_PATH=notebooks/target/jupyter}.
 *
 * @param argv the kernel's command line; {@value #CONNECTION_FILE} is Jupyter's placeholder
 * @param env set for the kernel process on top of Jupyter's environment
 */
public record KernelSpec(String displayName, List<String> argv, Map<String, String> env) {

  public static final String CONNECTION_FILE = "{connection_file}";
  public static final String KERNEL_JAR = "rapaio-jupyter-kernel.jar";
  /** Relative to the project root: the flags every plain {@code java} running Winnow uses. */
  public static final String JVM_OPTIONS = "conf/jvm-options";
  /** Relative to the project root: the kernel's startup script and Spark's logging settings. */
  public static final String INIT_SCRIPT = "notebooks/kernel/init.jshell";
  public static final String LOG4J2 = "notebooks/kernel/log4j2.properties";
  /**
   * Notebooks explore samples: a fixed heap keeps the kernel from taking a quarter of the machine
   * (the JVM default), which on a shared 24 GB machine got it killed for memory.
   */
  public static final String HEAP = "-Xmx3g";

  public KernelSpec {
    argv = List.copyOf(argv);
    env = Map.copyOf(env);
  }

  /**
   * @param root the project root (conf/, notebooks/)
   * @param java the {@code java} executable to run the kernel with
   * @param kernelJar the kernel's jar
   * @param classpath the jars the notebooks import from, in order
   */
  public static KernelSpec forProject(Path root, Path java, Path kernelJar, List<String> classpath) {
    List<String> argv = new ArrayList<>();
    argv.add(java.toString());
    argv.add(HEAP);
    argv.addAll(jvmOptions(root.resolve(JVM_OPTIONS)));
    argv.add("-Djava.awt.headless=true");
    argv.add("-Dlog4j2.configurationFile=" + root.resolve(LOG4J2));
    argv.add("-jar");
    argv.add(kernelJar.toString());
    argv.add(CONNECTION_FILE);
    Map<String, String> env = new LinkedHashMap<>();
    // The kernel splits its classpath on ';' whatever the platform.
    env.put("RJK_CLASSPATH", String.join(";", classpath));
    env.put("RJK_INIT_SCRIPT", root.resolve(INIT_SCRIPT).toString());
    env.put("OPT_OUT_TRACKING", "true");
    return new KernelSpec("Java (Winnow)", argv, env);
  }

  /** The non-blank, non-comment lines of a JVM options file, one flag each. */
  static List<String> jvmOptions(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
          .map(String::strip)
          .filter(line -> !line.isEmpty() && !line.startsWith("#"))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read JVM options " + file, e);
    }
  }

  public String toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("argv", argv);
    json.put("display_name", displayName);
    json.put("language", "java");
    json.put("interrupt_mode", "message");
    json.put("env", new TreeMap<>(env));
    return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(json);
  }

  /** Writes {@code kernel.json} into the kernel's folder (created if needed). */
  public void writeTo(Path kernelDir) {
    try {
      Files.createDirectories(kernelDir);
      Files.writeString(kernelDir.resolve("kernel.json"), toJson() + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the kernelspec into " + kernelDir, e);
    }
  }

  /** {@code ROOT CLASSPATH_FILE KERNEL_DIR}: the kernel jar is expected in KERNEL_DIR. */
  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      throw new IllegalArgumentException("usage: KernelSpec ROOT CLASSPATH_FILE KERNEL_DIR");
    }
    Path root = Path.of(args[0]).toAbsolutePath().normalize();
    Path classpathFile = Path.of(args[1]);
    Path kernelDir = Path.of(args[2]).toAbsolutePath().normalize();
    List<String> classpath = List.of(Files.readString(classpathFile, StandardCharsets.UTF_8).strip()
        .split(File.pathSeparator));
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    forProject(root, java, kernelDir.resolve(KERNEL_JAR), classpath).writeTo(kernelDir);
  }
}
