package dev.winnow.jobs.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spark-submit property files in conf/ and the GPU discovery script. */
class SparkConfFilesTest {

  private static final Path CONF = Path.of("../conf");

  private static Properties load(Path file) throws IOException {
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(in);
    }
    return p;
  }

  @Test
  void gpuFileHasEveryDefaultSettingUnchanged() throws IOException {
    Properties defaults = load(CONF.resolve("spark-defaults.conf"));
    Properties gpu = load(CONF.resolve("gpu/spark-gpu.conf"));
    assertTrue(defaults.getProperty("spark.executor.extraJavaOptions").contains("-Dai.djl.offline=true"));
    for (String key : defaults.stringPropertyNames()) {
      assertEquals(defaults.getProperty(key), gpu.getProperty(key), key + " drifted between the two files");
    }
    assertEquals("1", gpu.getProperty("spark.executor.resource.gpu.amount"));
    assertTrue(Double.parseDouble(gpu.getProperty("spark.task.resource.gpu.amount")) > 0);
    assertEquals("cu128", gpu.getProperty("spark.executorEnv.PYTORCH_FLAVOR"));
    assertTrue(gpu.getProperty("spark.executor.resource.gpu.discoveryScript").endsWith("/discover-gpus.sh"));
  }

  @Test
  void discoveryScriptPrintsSparkResourceJson(@TempDir Path bin) throws Exception {
    Path fake = bin.resolve("nvidia-smi");
    Files.writeString(fake, "#!/bin/sh\nprintf '0\\n1\\n 3\\n'\n");
    Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
    ProcessBuilder run = new ProcessBuilder(CONF.resolve("gpu/discover-gpus.sh").toString()).redirectErrorStream(true);
    Map<String, String> env = run.environment();
    env.put("PATH", bin + ":" + env.get("PATH"));
    Process process = run.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertTrue(process.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, process.exitValue(), out);
    assertEquals("{\"name\":\"gpu\",\"addresses\":[\"0\",\"1\",\"3\"]}", out);
  }
}
