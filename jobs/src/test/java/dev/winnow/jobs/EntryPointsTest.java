package dev.winnow.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every {@code main} in the jobs module keeps DJL offline and opted out of telemetry before doing
 * anything: found by scanning the compiled classes, so a new job cannot forget.
 */
class EntryPointsTest {

  private static final List<String> PROPERTIES = List.of("ai.djl.offline", "OPT_OUT_TRACKING");

  static List<Class<?>> entryPoints() throws Exception {
    Path classes = Path.of(ScoreJob.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<Class<?>> mains = new ArrayList<>();
    try (Stream<Path> files = Files.walk(classes.resolve("dev/winnow/jobs"))) {
      for (Path file : files.filter(p -> p.toString().endsWith(".class") && !p.toString().contains("$")).toList()) {
        String name = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
        Class<?> type = Class.forName(name, false, EntryPointsTest.class.getClassLoader());
        try {
          Method main = type.getMethod("main", String[].class);
          if (Modifier.isStatic(main.getModifiers())) {
            mains.add(type);
          }
        } catch (NoSuchMethodException e) {
          // not an entry point
        }
      }
    }
    return mains;
  }

  @Test
  void everyMainTurnsDjlOfflineFirst() throws Exception {
    List<Class<?>> mains = entryPoints();
    assertTrue(mains.size() >= 4 && mains.contains(ScoreJob.class) && mains.contains(TrainJob.class), mains.toString());
    for (Class<?> job : mains) {
      PROPERTIES.forEach(System::clearProperty);
      try {
        job.getMethod("main", String[].class).invoke(null, (Object) new String[] {"--help"});
        for (String property : PROPERTIES) {
          assertEquals("true", System.getProperty(property), job.getSimpleName() + " leaves " + property + " unset");
        }
      } finally {
        PROPERTIES.forEach(p -> System.setProperty(p, "true"));
      }
    }
  }
}
