package dev.winnow.notebooks;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an executed notebook ({@code .ipynb} written by nbconvert) shows: its errors, the values its
 * cells print as {@code CHECK name=value} lines, and which cells produced a picture.
 */
final class ExecutedNotebook {

  private static final Pattern CHECK = Pattern.compile("^CHECK ([\\w.-]+)=(.*)$");
  /** An ERROR line in the kernel's log4j2 layout (notebooks/kernel/log4j2.properties). */
  private static final Pattern LOGGED_ERROR = Pattern.compile("^\\d\\d:\\d\\d:\\d\\d ERROR .*");
  private static final Pattern ANSI = Pattern.compile("\u001b\\[[;\\d]*m");

  private final Path file;
  private final List<Cell> cells;

  /** One code cell: its id, source and outputs. */
  record Cell(String id, String source, List<JsonObject> outputs) {

    boolean hasImage() {
      return outputs.stream().anyMatch(o -> o.has("data") && o.getAsJsonObject("data").has("image/png"));
    }

    /** The text of its stream outputs of one name ({@code stdout} or {@code stderr}). */
    String stream(String name) {
      StringBuilder text = new StringBuilder();
      for (JsonObject o : outputs) {
        if (o.get("output_type").getAsString().equals("stream") && o.get("name").getAsString().equals(name)) {
          text.append(joined(o.get("text")));
        }
      }
      return text.toString();
    }
  }

  private ExecutedNotebook(Path file, List<Cell> cells) {
    this.file = file;
    this.cells = List.copyOf(cells);
  }

  static ExecutedNotebook read(Path file) {
    JsonObject notebook;
    try {
      notebook = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read executed notebook " + file, e);
    } catch (RuntimeException e) {
      throw new IllegalStateException("executed notebook " + file + " is not notebook JSON: " + e.getMessage(), e);
    }
    List<Cell> cells = new ArrayList<>();
    for (JsonElement element : notebook.getAsJsonArray("cells")) {
      JsonObject cell = element.getAsJsonObject();
      if (!cell.get("cell_type").getAsString().equals("code")) {
        continue;
      }
      List<JsonObject> outputs = new ArrayList<>();
      cell.getAsJsonArray("outputs").forEach(o -> outputs.add(o.getAsJsonObject()));
      String id = cell.has("id") ? cell.get("id").getAsString() : "#" + cells.size();
      cells.add(new Cell(id, joined(cell.get("source")), outputs));
    }
    return new ExecutedNotebook(file, cells);
  }

  Path file() {
    return file;
  }

  /**
   * Every failure the notebook shows, one line each: error outputs (an exception or a compile
   * error in a cell) and ERROR lines logged to a cell's stderr (Spark recovers from some failures,
   * such as code generation, by logging them and running slower).
   */
  List<String> problems() {
    List<String> problems = new ArrayList<>();
    for (Cell cell : cells) {
      for (JsonObject o : cell.outputs()) {
        if (o.get("output_type").getAsString().equals("error")) {
          List<String> lines = new ArrayList<>();
          o.getAsJsonArray("traceback").forEach(l -> lines.add(l.getAsString()));
          String traceback = ANSI.matcher(String.join("\n", lines)).replaceAll("");
          problems.add("cell '" + cell.id() + "': " + o.get("ename").getAsString() + ": "
              + o.get("evalue").getAsString() + "\n" + traceback.strip());
        }
      }
      for (String line : cell.stream("stderr").split("\n")) {
        if (LOGGED_ERROR.matcher(line).matches()) {
          problems.add("cell '" + cell.id() + "' logged: " + line);
        }
      }
    }
    return problems;
  }

  /** {@code CHECK name=value} lines printed to stdout, in order; a name printed twice is an error. */
  Map<String, String> checks() {
    Map<String, String> checks = new LinkedHashMap<>();
    for (Cell cell : cells) {
      for (String line : cell.stream("stdout").split("\n")) {
        Matcher m = CHECK.matcher(line.strip());
        if (m.matches() && checks.put(m.group(1), m.group(2)) != null) {
          throw new IllegalStateException(file + ": CHECK " + m.group(1) + " printed twice");
        }
      }
    }
    return checks;
  }

  String check(String name) {
    String value = checks().get(name);
    if (value == null) {
      throw new AssertionError(file + " printed no 'CHECK " + name + "=...' line; it printed " + checks().keySet());
    }
    return value;
  }

  long checkLong(String name) {
    return Long.parseLong(check(name));
  }

  double checkDouble(String name) {
    return Double.parseDouble(check(name));
  }

  Cell cell(String id) {
    return cells.stream().filter(c -> c.id().equals(id)).findFirst()
        .orElseThrow(() -> new AssertionError(file + " has no code cell '" + id + "'"));
  }

  private static String joined(JsonElement text) {
    return text.isJsonArray() ? joinedLines(text.getAsJsonArray()) : text.getAsString();
  }

  /** nbformat stores multi-line text as an array of lines that keep their own newlines. */
  private static String joinedLines(JsonArray lines) {
    StringBuilder s = new StringBuilder();
    lines.forEach(l -> s.append(l.getAsString()));
    return s.toString();
  }
}
