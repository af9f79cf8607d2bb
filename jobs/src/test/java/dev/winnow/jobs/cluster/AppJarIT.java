package dev.winnow.jobs.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The spark-submit application jar, as built by {@code package}: what it must carry and what the
 * cluster provides instead. Runs in {@code verify} (failsafe), after the jar exists.
 */
class AppJarIT {

  private static final Path JAR = Path.of("target/winnow-app.jar");

  private static ZipFile jar;
  private static Set<String> entries;

  @BeforeAll
  static void open() throws IOException {
    assumeFalse(Boolean.getBoolean("winnow.app-jar.skip"), "application jar skipped (-Dwinnow.app-jar.skip=true)");
    assertTrue(Files.isRegularFile(JAR), JAR.toAbsolutePath() + " was not built by package");
    jar = new ZipFile(JAR.toFile());
    entries = jar.stream().map(ZipEntry::getName).collect(Collectors.toSet());
  }

  @AfterAll
  static void close() throws IOException {
    if (jar != null) {
      jar.close();
    }
  }

  private static List<String> under(String prefix) {
    return entries.stream().filter(e -> e.startsWith(prefix) && !e.endsWith("/")).sorted().toList();
  }

  @Test
  void carriesWinnowDeltaDjlLibtorchTokenizersAndTheBundledModels() {
    for (String needed : List.of(
        "dev/winnow/jobs/ScoreJob.class",
        "dev/winnow/runtime/Models.class",
        "dev/winnow/models/winnow-safety/model.safetensors",
        "io/delta/tables/DeltaTable.class",
        "org/apache/spark/sql/delta/catalog/DeltaCatalog.class",
        "ai/djl/pytorch/engine/PtEngine.class",
        "ai/djl/huggingface/tokenizers/HuggingFaceTokenizer.class",
        "pytorch/cpu/linux-x86_64/libtorch_cpu.so",
        "jnilib/linux-x86_64/cpu/libdjl_torch.so",
        "native/lib/linux-x86_64/cpu/libtokenizers.so",
        "e5-small-v2.onnx",
        "com/typesafe/config/Config.class",
        "com/google/gson/Gson.class")) {
      assertTrue(entries.contains(needed), "missing " + needed);
    }
  }

  @Test
  void leavesScalaSparkAndOnnxRuntimeToTheCluster() throws IOException, URISyntaxException {
    for (String provided : List.of("scala/", "org/slf4j/", "org/antlr/", "ai/onnxruntime/", "com/microsoft/onnxruntime/")) {
      assertEquals(List.of(), under(provided), provided + " must not be in the application jar");
    }
    // Delta's Scala code lives under org/apache/spark: those classes stay, Spark's own must not.
    Set<String> delta;
    try (ZipFile deltaJar = new ZipFile(Path.of(
        DeltaTable.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toFile())) {
      delta = deltaJar.stream().map(ZipEntry::getName).collect(Collectors.toSet());
    }
    List<String> sparkClasses = under("org/apache/spark/").stream()
        .filter(e -> e.endsWith(".class") && !delta.contains(e)).limit(5).toList();
    assertEquals(List.of(), sparkClasses, "Spark classes in the application jar");
  }

  @Test
  void nativeLibrariesAreOnlyThoseOfTheCarriedLibtorchPlatform() {
    List<String> otherPlatforms = entries.stream()
        .filter(e -> e.startsWith("native/lib/") || e.startsWith("jnilib/") || e.startsWith("pytorch/"))
        .filter(e -> e.split("/").length > 3 && !e.contains("/linux-x86_64/"))
        .limit(5).toList();
    assertEquals(List.of(), otherPlatforms, "native libraries for platforms libtorch is not carried for");
  }

  @Test
  void serviceFilesAreMergedAndSignaturesStripped() throws IOException {
    assertTrue(service("org.apache.spark.sql.sources.DataSourceRegister")
        .contains("org.apache.spark.sql.delta.sources.DeltaDataSource"));
    // Three jars register an engine; one file in the merged jar must name them all.
    assertTrue(service("ai.djl.engine.EngineProvider").containsAll(Set.of(
        "ai.djl.pytorch.engine.PtEngineProvider", "ai.djl.engine.rust.RsEngineProvider")));
    List<String> signatures = entries.stream()
        .filter(e -> e.matches("META-INF/[^/]+\\.(SF|DSA|RSA|EC)")).toList();
    assertEquals(List.of(), signatures);
  }

  private static Set<String> service(String name) throws IOException {
    ZipEntry entry = jar.getEntry("META-INF/services/" + name);
    assertTrue(entry != null, "no service file for " + name);
    try (InputStream in = jar.getInputStream(entry)) {
      return Arrays.stream(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"))
          .map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).collect(Collectors.toSet());
    }
  }
}
