package dev.winnow.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelSpecTest {

  @TempDir Path root;

  @Test
  void argvIsJavaWithTheProjectJvmOptionsThenTheKernelJar() throws IOException {
    Files.createDirectories(root.resolve("conf"));
    Files.writeString(root.resolve(KernelSpec.JVM_OPTIONS), """
        # Spark on Java 17
        --add-opens=java.base/java.nio=ALL-UNNAMED

          -Dai.djl.offline=true
        """);
    KernelSpec spec = KernelSpec.forProject(root, Path.of("/jdk/bin/java"), Path.of("/k/kernel.jar"),
        List.of("/a/jobs.jar", "/b/spark.jar"));

    assertEquals(List.of("/jdk/bin/java", KernelSpec.HEAP, "--add-opens=java.base/java.nio=ALL-UNNAMED", "-Dai.djl.offline=true",
        "-Djava.awt.headless=true", "-Dlog4j2.configurationFile=" + root.resolve(KernelSpec.LOG4J2),
        "-jar", "/k/kernel.jar", KernelSpec.CONNECTION_FILE), spec.argv());
    assertEquals("/a/jobs.jar;/b/spark.jar", spec.env().get("RJK_CLASSPATH"));
    assertEquals(root.resolve(KernelSpec.INIT_SCRIPT).toString(), spec.env().get("RJK_INIT_SCRIPT"));
    assertEquals("true", spec.env().get("OPT_OUT_TRACKING"));
  }

  @Test
  void writesKernelJsonJupyterCanRead() throws IOException {
    Files.createDirectories(root.resolve("conf"));
    Files.writeString(root.resolve(KernelSpec.JVM_OPTIONS), "-Dai.djl.offline=true\n");
    Path kernelDir = root.resolve("target/jupyter/kernels/winnow-java");
    KernelSpec.forProject(root, Path.of("java"), kernelDir.resolve(KernelSpec.KERNEL_JAR), List.of("/a.jar"))
        .writeTo(kernelDir);

    JsonObject json = JsonParser.parseString(Files.readString(kernelDir.resolve("kernel.json"))).getAsJsonObject();
    assertEquals("java", json.get("language").getAsString());
    var argv = json.getAsJsonArray("argv");
    assertEquals(KernelSpec.CONNECTION_FILE, argv.get(argv.size() - 1).getAsString());
    assertEquals("/a.jar", json.getAsJsonObject("env").get("RJK_CLASSPATH").getAsString());
  }

  @Test
  void theProjectsJvmOptionsOpenWhatSparkNeeds() {
    List<String> options = KernelSpec.jvmOptions(Path.of("..").resolve(KernelSpec.JVM_OPTIONS));
    assertTrue(options.contains("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED"), options.toString());
    assertTrue(options.contains("-Dai.djl.offline=true"), options.toString());
    assertTrue(options.stream().noneMatch(o -> o.startsWith("#") || o.isBlank()), options.toString());
  }
}
