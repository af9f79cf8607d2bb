package dev.winnow.jobs.io;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Decides an input's format from its path: a file by its extension, a directory with {@code
 * _delta_log} as Delta, any other directory by the extension its data files share (looking into
 * partition subdirectories such as {@code date=2024-01-01/}).
 */
public final class FormatDetector {

  /** Files looked at in a directory before deciding; enough to see a mix, bounded for huge inputs. */
  private static final int MAX_FILES = 1000;

  private static final String[] COMPRESSION = {".gz", ".bz2", ".deflate", ".lz4", ".snappy", ".zst", ".zstd", ".xz"};

  private FormatDetector() {}

  /** Format of one file name, ignoring a compression suffix; empty when unknown. */
  public static Optional<InputFormat> byExtension(String fileName) {
    String name = fileName.toLowerCase(Locale.ROOT);
    for (String suffix : COMPRESSION) {
      if (name.endsWith(suffix) && !name.endsWith(".snappy.parquet")) {
        name = name.substring(0, name.length() - suffix.length());
        break;
      }
    }
    if (name.endsWith(".parquet")) {
      return Optional.of(InputFormat.PARQUET);
    } else if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
      return Optional.of(InputFormat.JSONL);
    } else if (name.endsWith(".json")) {
      return Optional.of(InputFormat.JSON);
    } else if (name.endsWith(".csv")) {
      return Optional.of(InputFormat.CSV);
    }
    return Optional.empty();
  }

  /**
   * @throws FileNotFoundException if {@code path} does not exist
   * @throws IllegalArgumentException naming the path when no single format can be told
   */
  public static InputFormat detect(FileSystem fs, Path path) throws IOException {
    FileStatus status = fs.getFileStatus(path);
    if (status.isFile()) {
      return byExtension(path.getName()).orElseThrow(() -> new IllegalArgumentException(
          "cannot tell the format of " + path + " from its extension; set input.format"));
    }
    if (fs.exists(new Path(path, "_delta_log"))) {
      return InputFormat.DELTA;
    }
    TreeMap<InputFormat, String> found = new TreeMap<>();
    TreeSet<String> unknown = new TreeSet<>();
    Deque<Path> dirs = new ArrayDeque<>();
    dirs.add(path);
    int seen = 0;
    while (!dirs.isEmpty() && seen < MAX_FILES) {
      for (FileStatus child : fs.listStatus(dirs.poll())) {
        String name = child.getPath().getName();
        if (name.startsWith("_") || name.startsWith(".")) {
          continue;  // _SUCCESS, _committed_*, .crc files: bookkeeping, not data
        }
        if (child.isDirectory()) {
          dirs.add(child.getPath());
        } else {
          seen++;
          Optional<InputFormat> format = byExtension(name);
          format.ifPresentOrElse(f -> found.putIfAbsent(f, name), () -> unknown.add(name));
        }
      }
    }
    if (found.size() == 1) {
      return found.firstKey();
    }
    if (found.isEmpty()) {
      throw new IllegalArgumentException("no data files with a known extension (.parquet, .json, .jsonl, "
          + ".ndjson, .csv) under " + path + (unknown.isEmpty() ? "" : "; found e.g. " + unknown.first())
          + "; set input.format");
    }
    throw new IllegalArgumentException("files of several formats under " + path + ": " + found
        + "; point input.path at one of them or set input.format");
  }
}
