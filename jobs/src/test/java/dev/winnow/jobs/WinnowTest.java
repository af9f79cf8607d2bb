package dev.winnow.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winnow.jobs.config.JobName;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code bin/winnow}'s dispatch: the generated job list, a job's own help, and the mistakes. */
class WinnowTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Winnow.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String printed() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String errors() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void helpListsEveryJobWithItsSummary() {
    assertEquals(0, run("--help"));
    assertTrue(printed().startsWith("Usage: winnow [-hV] [COMMAND]"), printed());
    assertTrue(printed().contains("  demo "), printed());
    for (JobName job : JobName.values()) {
      assertTrue(printed().contains("  " + job.command() + " ") && printed().contains(job.summary().substring(0, 20)),
          job + " missing from\n" + printed());
    }
  }

  @Test
  void aJobsHelpIsItsOwn() {
    assertEquals(0, run("chatlogs", "--help"));
    assertTrue(printed().startsWith("Usage: winnow chatlogs "), printed());
    assertTrue(printed().contains("--date=D") && printed().contains("conf/chatlogs.conf"), printed());
  }

  @Test
  void noJobOrAnUnknownOneIsAMistakeWithTheList() {
    assertEquals(2, run());
    assertTrue(errors().contains("Commands:"), errors());
    err.reset();
    assertEquals(2, run("scroe", "--config", "conf/score.conf"));
    assertTrue(errors().startsWith("winnow: unknown job 'scroe'") && errors().contains("score"), errors());
  }

  @Test
  void versionIsTheBuildsOwn() {
    assertEquals(0, run("--version"));
    assertEquals("winnow " + WinnowVersion.get(), printed().strip());
  }

  @Test
  void demoIsTheScoreJobOnTheDemoSettings() {
    // Run from the jobs module, where conf/demo.conf (relative, as bin/winnow runs from the root) is absent.
    assertEquals(2, run("demo", "output.mode=overwrite"));
    assertTrue(errors().startsWith("winnow score: --config: no such file") && errors().contains("conf/demo.conf"), errors());
  }
}
