package dev.winnow.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winnow.runtime.testing.Prerequisites;
import dev.winnow.runtime.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Executes every notebook in {@code notebooks/} as a person would run it top to bottom, then checks
 * what it shows: no errors, the values its cells print as {@code CHECK name=value}, its pictures.
 *
 * <p>Needs Jupyter ({@code bin/install-notebooks}); without it the notebooks are skipped with a
 * message, except under {@code CI=true}, where {@code .ci/run} installs it.
 */
class NotebooksIT {

  static final Path JUPYTER = Path.of("/usr/bin/jupyter");
  private static final Path NOTEBOOKS = Path.of(System.getProperty("winnow.notebooks.dir", "."));
  private static final Duration CELL_TIMEOUT = Duration.ofMinutes(15);

  private static NotebookExecutor executor;

  private static final String NO_JUPYTER = "Jupyter (" + JUPYTER + ") is not installed: "
      + "bin/install-notebooks installs it (Debian packages) and the notebooks are not executed";

  @BeforeAll
  static void jupyter() {
    // Checked again by each test, not only here: an assumption failing in @BeforeAll reports no
    // test at all ("Tests run: 0") and no message; failing in each test, each is skipped, saying why.
    if (!Files.isExecutable(JUPYTER)) {
      System.err.println("NotebooksIT: " + NO_JUPYTER + "; skipping");
      return;
    }
    Path jupyterPath = Path.of(System.getProperty("winnow.notebooks.jupyter.path"));
    String kernel = System.getProperty("winnow.notebooks.kernel");
    Path kernelJson = jupyterPath.resolve("kernels").resolve(kernel).resolve("kernel.json");
    assertTrue(Files.isRegularFile(kernelJson), "no kernelspec at " + kernelJson + ": the package phase writes it");
    executor = new NotebookExecutor(JUPYTER, jupyterPath, kernel,
        Path.of(System.getProperty("winnow.notebooks.output")), CELL_TIMEOUT,
        Map.of("WINNOW_CACHE_DIR", System.getProperty("winnow.cache.dir"),
            "WINNOW_DATA_DIR", SharedData.root().toAbsolutePath().toString(),
            "OPT_OUT_TRACKING", "true"));
  }

  @Test
  void quickstartScoresTheDemoCorpus() {
    ExecutedNotebook nb = execute("quickstart.ipynb");
    assertEquals(300, nb.checkLong("rows"));
    assertEquals(295, nb.checkLong("scored_rows"), "5 demo texts are blank on purpose");
    assertEquals(13, nb.checkLong("categories"), "taxonomy v2 (conf/taxonomy.conf): 13 categories");
    assertInRange(nb.checkDouble("unsafe_flag_rate"), 0.15, 0.6, "unsafe flag rate (95 of 300 labeled unsafe)");
    double unsafeMean = nb.checkDouble("mean_unsafe_score_labeled_unsafe");
    double safeMean = nb.checkDouble("mean_unsafe_score_labeled_safe");
    assertTrue(unsafeMean > safeMean + 0.15,
        "texts labeled unsafe should score clearly higher: " + unsafeMean + " vs " + safeMean);
    assertTrue(nb.checkDouble("flagged_share_labeled_unsafe") > nb.checkDouble("flagged_share_labeled_safe"));
    assertTrue(nb.cell("histogram").hasImage(), "the histogram cell shows a picture");
    assertEquals("true", nb.check("work_deleted"), "the notebook leaves nothing behind");
  }

  @Test
  void agileClassifierTrainsCalibratesAndEvaluates() {
    SharedData.require("ethos/train.jsonl");
    ExecutedNotebook nb = execute("agile-classifier.ipynb");
    assertEquals(800, nb.checkLong("rows"));
    assertEquals(348, nb.checkLong("hate_rows"));
    // The split is a hash of the text: the same parts on every run and machine.
    assertEquals(387, nb.checkLong("train_texts"));
    assertEquals(1, nb.checkLong("head_categories"));
    assertEquals("true", nb.check("calibrated"));
    assertTrue(nb.checkDouble("calibration_recall") >= 0.8, "calibration reaches its target recall");
    assertInRange(nb.checkDouble("threshold"), 0.0, 1.0, "calibrated threshold");
    assertEquals(206, nb.checkLong("test_rows"));
    // docs/AGILE.md: 5-fold ROC-AUC 0.852 +- 0.027 with all 800 rows; here 400 train it.
    assertInRange(nb.checkDouble("test_roc_auc"), 0.7, 1.0, "test ROC-AUC");
    assertInRange(nb.checkDouble("test_recall"), 0.6, 1.0, "test recall at the threshold calibrated for 0.8");
    assertInRange(nb.checkDouble("test_precision"), 0.45, 1.0, "test precision (hate is 44% of ETHOS)");
    assertTrue(nb.cell("pr-curve").hasImage(), "the PR-curve cell shows a picture");
    assertEquals("true", nb.check("work_deleted"), "the notebook leaves nothing behind");
  }

  @Test
  void chatLogsScoresOneNightAndRollsUpConversations() {
    ExecutedNotebook nb = execute("chat-logs.ipynb");
    // samples/chatlogs/messages/date=2026-11-01: 13 messages in 5 conversations, one of them a
    // system prompt (c-0004/0), 6 user and 6 assistant turns; a first run scores all of them.
    assertEquals(13, nb.checkLong("selected_turns"));
    assertEquals(13, nb.checkLong("scored_turns"));
    assertEquals(13, nb.checkLong("turns"));
    assertEquals(5, nb.checkLong("rolled_conversations"));
    assertEquals(5, nb.checkLong("conversations"));
    assertEquals(1, nb.checkLong("skipped_turns"), "the system prompt is kept, not scored");
    assertEquals(1, nb.checkLong("other_turns"));
    assertEquals(6, nb.checkLong("user_scored_turns"));
    assertEquals(6, nb.checkLong("assistant_scored_turns"));
    assertEquals(0, nb.checkLong("system_scored_turns"));
    assertEquals("false", nb.check("turns_have_text"), "keep_text = false: no message text in the tables");
    // roles.assistant.context = auto and the default model takes sentence pairs: every answer is
    // judged with the user turn before it (all on this night).
    assertEquals(6, nb.checkLong("assistant_turns_with_context"));
    // What the sample means on night 1: c-0002 (explosives) and c-0003 (a scam text) are harmful
    // requests, so both are flagged unsafe, and c-0002's answer is a refusal.
    assertEquals(2, nb.checkLong("intended_harmful_requests_flagged"));
    assertEquals(1, nb.checkLong("intended_refusal_refused"));
    // The rollup's unsafe_compliance is its rule applied to the turn table, and the night's metrics
    // count those conversations once. Which ones they are depends on the model (whether it calls
    // c-0003's complying answer a refusal, whether it flags c-0004's bash question), so the sample's
    // intended c-0003 (intended_compliance_found) is shown by the notebook, not asserted here.
    assertEquals("true", nb.check("unsafe_compliance_matches_rule"));
    assertEquals(nb.checkLong("unsafe_compliance_conversations"), nb.checkLong("metrics_unsafe_compliance"));
    assertEquals(1, nb.checkLong("metrics_rows"));
    assertEquals("2026-11-01", nb.check("metrics_night"));
    assertEquals(13, nb.checkLong("metrics_turns"));
    // At least the two harmful requests (c-0005's insult, harassment, is a third); at most 4 of 6,
    // since c-0001's two user turns are benign.
    assertInRange(nb.checkDouble("user_flag_rate"), 2.0 / 6, 4.0 / 6, "user flag rate");
    // Night 1 has one harmful answer (c-0003/1); a flag on most answers would be noise.
    assertInRange(nb.checkDouble("assistant_flag_rate"), 0.0, 2.0 / 6, "assistant flag rate");
    assertTrue(nb.cell("flag-rates").hasImage(), "the flag-rate cell shows a picture");
    assertEquals("true", nb.check("work_deleted"), "the notebook leaves nothing behind");
  }

  private static ExecutedNotebook execute(String notebook) {
    Prerequisites.require(executor != null, NO_JUPYTER);
    ExecutedNotebook nb = executor.execute(NOTEBOOKS.resolve(notebook));
    List<String> problems = nb.problems();
    assertTrue(problems.isEmpty(), nb.file() + " shows " + problems.size() + " problem(s):\n" + String.join("\n", problems));
    return nb;
  }

  private static void assertInRange(double value, double min, double max, String what) {
    assertTrue(value >= min && value <= max, what + " = " + value + ", expected in [" + min + ", " + max + "]");
  }
}
