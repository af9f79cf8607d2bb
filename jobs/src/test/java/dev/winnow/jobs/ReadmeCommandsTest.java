package dev.winnow.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winnow.jobs.testing.ChildJvm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code bin/winnow} command in the README, run as written (same arguments, relative paths,
 * from a working directory holding the repository's {@code conf/} and {@code samples/}), must
 * exit 0. The commands are read from the README itself, so an example edited there is tested.
 *
 * <p>{@code train} commands are left out: they read the labeled data in {@code ../shared/data}
 * and take about ten minutes; {@code TrainJobEndToEndTest} runs the job.
 */
class ReadmeCommandsTest {

  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

  @TempDir static Path work;

  @TestFactory
  Stream<DynamicTest> everyReadmeCommandRunsAsWritten() throws IOException {
    Files.createSymbolicLink(work.resolve("conf"), REPO.resolve("conf"));
    Files.createSymbolicLink(work.resolve("samples"), REPO.resolve("samples"));
    List<String> commands = commands(Files.readString(REPO.resolve("README.md"), StandardCharsets.UTF_8));
    assertTrue(commands.stream().anyMatch(c -> c.contains("chatlogs")), "found: " + commands);
    // A command shown twice (chatlogs) runs once: the second run would only test a rerun.
    return commands.stream().distinct().filter(c -> !words(c).get(1).equals("train")).map(command ->
        DynamicTest.dynamicTest(command, () -> {
          // What bin/winnow starts once the build is current: Winnow with the words after it.
          List<String> args = words(command).subList(1, words(command).size());
          ChildJvm.Result result = new ChildJvm(List.of(), "3g", Map.of("OPT_OUT_TRACKING", "true"))
              .run(work, Duration.ofMinutes(8), Winnow.class.getName(), args.toArray(String[]::new));
          assertEquals(0, result.exitCode(), command + "\n" + ChildJvm.tail(result.stderr()));
          assertFalse(result.stdout().isBlank(), "a summary: " + command);
        }));
  }

  /** The {@code bin/winnow ...} lines of the README's bash blocks, comments and continuations joined. */
  static List<String> commands(String readme) {
    List<String> commands = new ArrayList<>();
    boolean inBash = false;
    StringBuilder pending = null;
    for (String line : readme.split("\n")) {
      if (line.startsWith("```")) {
        inBash = line.equals("```bash");
        continue;
      }
      if (!inBash) {
        continue;
      }
      String code = line.replaceAll("\\s+#.*$", "").strip();
      if (pending != null) {
        pending.append(' ').append(code);
      } else if (code.startsWith("bin/winnow ")) {
        pending = new StringBuilder(code);
      } else {
        continue;
      }
      if (pending.toString().endsWith("\\")) {
        pending.setLength(pending.length() - 1);
      } else {
        commands.add(pending.toString().strip());
        pending = null;
      }
    }
    return commands;
  }

  /** A shell line's words: spaces split, double quotes group (what bash does for these lines). */
  static List<String> words(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    for (char c : line.toCharArray()) {
      if (c == '"') {
        quoted = !quoted;
        any = true;
      } else if (c == ' ' && !quoted) {
        if (any) {
          words.add(word.toString());
        }
        word.setLength(0);
        any = false;
      } else {
        word.append(c);
        any = true;
      }
    }
    if (any) {
      words.add(word.toString());
    }
    return words;
  }
}
