package dev.winnow.jobs.io;

import dev.winnow.jobs.config.ConfigError;
import dev.winnow.jobs.config.InputSpec;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Opens {@code input.*} as a DataFrame, failing with the path when it is missing or unreadable. */
public final class InputReader {

  private InputReader() {}

  /** The concrete format of the input, detected when {@code input.format = auto}. */
  public static InputFormat resolveFormat(SparkSession spark, InputSpec input) {
    Path path = new Path(input.path());
    try {
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(path)) {
        throw new ConfigError("input.path", "no such file or directory: " + input.path());
      }
      return input.format() == InputFormat.AUTO ? FormatDetector.detect(fs, path) : input.format();
    } catch (FileNotFoundException e) {
      throw new ConfigError("input.path", "no such file or directory: " + input.path(), e);
    } catch (IllegalArgumentException e) {
      if (e instanceof ConfigError) {
        throw e;
      }
      throw new ConfigError("input.format", e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list input.path " + input.path(), e);
    }
  }

  /**
   * An input opened for reading: its rows, and the unreadable files left out of them (only ever
   * non-empty with {@code input.ignore_corrupt_files = true}).
   */
  public record Opened(Dataset<Row> rows, List<InputFiles.Unreadable> skipped, MalformedLines.Found malformed) {

    Opened(Dataset<Row> rows, List<InputFiles.Unreadable> skipped) {
      this(rows, skipped, NO_MALFORMED_LINES);
    }
  }

  private static final MalformedLines.Found NO_MALFORMED_LINES = new MalformedLines.Found(0, List.of());

  /** How many malformed lines an error or the metrics name; the count is always complete. */
  private static final int MALFORMED_LINES_LISTED = 100;

  /** Spark's name for the column it fills with a line it could not parse (and nulls the rest). */
  private static final String SPARK_CORRUPT_RECORD = "_corrupt_record";

  public static Dataset<Row> read(SparkSession spark, InputSpec input, InputFormat format) {
    return open(spark, input, format).rows();
  }

  /**
   * Opens the input. Parquet footers are checked first: an unreadable file stops the job before
   * any work, naming the file, unless {@code input.ignore_corrupt_files} lets the job read the
   * others and report the skipped ones.
   */
  public static Opened open(SparkSession spark, InputSpec input, InputFormat format) {
    if (format != InputFormat.PARQUET) {
      if (input.ignoreCorruptFiles()) {
        throw new ConfigError("input.ignore_corrupt_files", "applies to Parquet input only (files are "
            + "checked by their footers); input " + input.path() + " is " + format.name().toLowerCase(Locale.ROOT));
      }
      Dataset<Row> rows = readAll(spark, input, format);
      if (rows.schema().isEmpty()) {
        // Text formats take their columns from their rows: no rows, no columns. An empty input is
        // an error rather than an empty output: a nightly run over a delivery that never arrived
        // must fail loudly, not record a night with nothing in it.
        throw new ConfigError("input.path", input.path() + " is empty: its " + format.name().toLowerCase(Locale.ROOT)
            + " files hold no rows, so there is nothing to score");
      }
      if (Arrays.asList(rows.schema().fieldNames()).contains(SPARK_CORRUPT_RECORD)) {
        return withoutMalformedLines(spark, input, format);
      }
      return new Opened(rows, List.of());
    }
    InputFiles files = InputFiles.list(input.path(), spark.sparkContext().hadoopConfiguration());
    List<InputFiles.Unreadable> bad = files.unreadableParquet();
    if (bad.isEmpty()) {
      return new Opened(readAll(spark, input, format), List.of());
    }
    String listed = bad.stream().limit(5).map(InputFiles.Unreadable::toString).collect(Collectors.joining("; "))
        + (bad.size() > 5 ? "; and " + (bad.size() - 5) + " more" : "");
    if (!input.ignoreCorruptFiles()) {
      throw new ConfigError("input.path", bad.size() + " unreadable Parquet file(s) under " + input.path() + ": "
          + listed + ". Repair or remove them, or set input.ignore_corrupt_files = true to score the others "
          + "(skipped files are listed in the run metrics)");
    }
    List<String> badPaths = bad.stream().map(InputFiles.Unreadable::path).toList();
    String[] good = files.paths().stream().filter(p -> !badPaths.contains(p)).toArray(String[]::new);
    if (good.length == 0) {
      throw new ConfigError("input.path", "no readable Parquet file under " + input.path() + ": " + listed);
    }
    // Only the good files are named, so a corrupt page in one of them still fails the job loudly;
    // basePath keeps partition columns (date=.../) discovered as before.
    Dataset<Row> rows = spark.read().option("basePath", files.root().toString()).parquet(good);
    return new Opened(rows, List.copyOf(bad));
  }

  /**
   * Spark read some lines as all-null rows with a {@code _corrupt_record} column: the rows' ids
   * would be lost and the column written out. Fails naming the lines, or, with {@code
   * input.skip_malformed_lines}, reads without them and reports them.
   */
  private static Opened withoutMalformedLines(SparkSession spark, InputSpec input, InputFormat format) {
    boolean jsonLines = format == InputFormat.JSONL
        || (format == InputFormat.JSON && !startsWithArray(spark, input.path()));
    if (!jsonLines) {
      throw new ConfigError("input.path", "Spark cannot read some records of " + input.path()
          + " (malformed JSON or CSV); repair them: rows would lose their values");
    }
    MalformedLines.Found found = MalformedLines.find(
        JavaSparkContext.fromSparkContext(spark.sparkContext()), input.path(), MALFORMED_LINES_LISTED);
    if (!input.skipMalformedLines()) {
      String listed = found.first().stream().limit(5).map(MalformedLines.Line::toString)
          .collect(Collectors.joining("; "));
      throw new ConfigError("input.path", found.all() + " malformed JSON line(s) in " + input.path() + ": "
          + (listed.isEmpty() ? "(Spark's reader found them; no line is invalid JSON or UTF-8 on its own)" : listed)
          + (found.all() > 5 ? "; and " + (found.all() - 5) + " more" : "")
          + ". Repair them, or set input.skip_malformed_lines = true to skip and count them");
    }
    Dataset<Row> rows = spark.read().option("mode", "DROPMALFORMED").json(input.path());
    return new Opened(rows, List.of(), found);
  }

  private static Dataset<Row> readAll(SparkSession spark, InputSpec input, InputFormat format) {
    DataFrameReader reader = spark.read();
    return switch (format) {
      case PARQUET -> reader.parquet(input.path());
      case DELTA -> reader.format("delta").load(input.path());
      case CSV -> reader.options(input.csvOptions()).csv(input.path());
      case JSONL -> reader.json(input.path());
      case JSON -> reader.option("multiLine", startsWithArray(spark, input.path())).json(input.path());
      case AUTO -> throw new IllegalStateException("resolve the format first");
    };
  }

  /** A JSON document holding one top-level array needs Spark's multi-line mode; lines do not. */
  private static boolean startsWithArray(SparkSession spark, String pathString) {
    Path path = new Path(pathString);
    try {
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      Path first = firstDataFile(fs, path);
      if (first == null || !first.getName().toLowerCase(Locale.ROOT).endsWith(".json")) {
        return false;
      }
      try (InputStream in = fs.open(first)) {
        int c;
        do {
          c = in.read();
        } while (c >= 0 && Character.isWhitespace(c));
        return c == '[';
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read input.path " + pathString, e);
    }
  }

  private static Path firstDataFile(FileSystem fs, Path path) throws IOException {
    FileStatus status = fs.getFileStatus(path);
    if (status.isFile()) {
      return path;
    }
    for (FileStatus child : fs.listStatus(path)) {
      String name = child.getPath().getName();
      if (child.isFile() && !name.startsWith("_") && !name.startsWith(".")) {
        return child.getPath();
      }
    }
    return null;
  }
}
