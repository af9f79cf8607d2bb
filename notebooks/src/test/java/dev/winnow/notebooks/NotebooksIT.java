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

  @BeforeAll
  static void jupyter() {
    Prerequisites.require(Files.isExecutable(JUPYTER), "Jupyter (" + JUPYTER + ") is not installed: "
        + "bin/install-notebooks installs it (Debian packages) and the notebooks are not executed");
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
    assertEquals(6, nb.checkLong("categories"));
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

  private static ExecutedNotebook execute(String notebook) {
    ExecutedNotebook nb = executor.execute(NOTEBOOKS.resolve(notebook));
    List<String> problems = nb.problems();
    assertTrue(problems.isEmpty(), nb.file() + " shows " + problems.size() + " problem(s):\n" + String.join("\n", problems));
    return nb;
  }

  private static void assertInRange(double value, double min, double max, String what) {
    assertTrue(value >= min && value <= max, what + " = " + value + ", expected in [" + min + ", " + max + "]");
  }
}
