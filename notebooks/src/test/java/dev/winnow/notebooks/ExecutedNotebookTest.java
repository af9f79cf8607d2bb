package dev.winnow.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecutedNotebookTest {

  @TempDir Path dir;

  private ExecutedNotebook notebook(String cells) throws IOException {
    Path file = dir.resolve("executed.ipynb");
    Files.writeString(file, "{\"nbformat\": 4, \"nbformat_minor\": 5, \"metadata\": {}, \"cells\": [" + cells + "]}");
    return ExecutedNotebook.read(file);
  }

  private static String code(String id, String outputs) {
    return "{\"cell_type\": \"code\", \"id\": \"" + id + "\", \"metadata\": {}, \"source\": [\"x\"], "
        + "\"execution_count\": 1, \"outputs\": [" + outputs + "]}";
  }

  private static String stream(String name, String... lines) {
    return "{\"output_type\": \"stream\", \"name\": \"" + name + "\", \"text\": [\""
        + String.join("\", \"", lines) + "\"]}";
  }

  @Test
  void readsChecksFromStdoutAndPicturesByCell() throws IOException {
    ExecutedNotebook nb = notebook(String.join(",",
        "{\"cell_type\": \"markdown\", \"id\": \"intro\", \"metadata\": {}, \"source\": \"CHECK not=code\"}",
        code("score", stream("stdout", "summary\\n", "CHECK rows=300\\n", "CHECK rate=0.25\\n")),
        code("picture", "{\"output_type\": \"execute_result\", \"execution_count\": 2, \"metadata\": {}, "
            + "\"data\": {\"image/png\": \"iVBORw0KGgo=\"}}"),
        code("stderr-only", stream("stderr", "CHECK ignored=1\\n"))));

    assertEquals(Map.of("rows", "300", "rate", "0.25"), nb.checks());
    assertEquals(300, nb.checkLong("rows"));
    assertEquals(0.25, nb.checkDouble("rate"));
    assertTrue(nb.cell("picture").hasImage());
    assertFalse(nb.cell("score").hasImage());
    assertEquals(List.of(), nb.problems());
    assertThrows(AssertionError.class, () -> nb.check("missing"));
    assertThrows(AssertionError.class, () -> nb.cell("intro"), "markdown cells are not code cells");
  }

  @Test
  void reportsErrorOutputsAndLoggedErrorsByCell() throws IOException {
    ExecutedNotebook nb = notebook(String.join(",",
        code("ok", stream("stderr", "13:04:36 WARN Utils: hostname resolves to a loopback address\\n")),
        code("compile", "{\"output_type\": \"error\", \"ename\": \"CompilerException\", \"evalue\": \"\", "
            + "\"traceback\": [\"\\u001b[1mCompile error:\\u001b[0m\", \"incompatible types\"]}"),
        code("codegen", stream("stderr", "12:57:04 ERROR CodeGenerator: Failed to compile the generated Java code.\\n",
            "\\tat org.codehaus.janino.UnitCompiler.compile2(UnitCompiler.java:402)\\n"))));

    List<String> problems = nb.problems();
    assertEquals(2, problems.size(), problems.toString());
    assertEquals("cell 'compile': CompilerException: \nCompile error:\nincompatible types", problems.get(0));
    assertTrue(problems.get(1).startsWith("cell 'codegen' logged: 12:57:04 ERROR CodeGenerator"), problems.get(1));
  }

  @Test
  void aCheckPrintedTwiceIsAnError() throws IOException {
    ExecutedNotebook nb = notebook(code("a", stream("stdout", "CHECK rows=1\\n")) + ","
        + code("b", stream("stdout", "CHECK rows=2\\n")));
    assertThrows(IllegalStateException.class, nb::checks);
  }
}
