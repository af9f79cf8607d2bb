package dev.winnow.jobs.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.commons.codec.binary.Hex;
import org.apache.commons.codec.digest.DigestUtils;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/**
 * The data files under an input path (bookkeeping files such as {@code _SUCCESS} and {@code .crc}
 * left out), listed once: what identifies an input between runs, and what is checked before a
 * Parquet input is read.
 */
public final class InputFiles {

  /** Footers are read in parallel: on object stores each is a round trip. */
  private static final int CHECK_THREADS = 16;

  private final Path root;
  private final List<FileStatus> files;
  private final Configuration conf;

  private InputFiles(Path root, List<FileStatus> files, Configuration conf) {
    this.root = root;
    this.files = files;
    this.conf = conf;
  }

  public static InputFiles list(String path, Configuration conf) {
    Path root = new Path(path);
    try {
      FileSystem fs = root.getFileSystem(conf);
      Path qualified = fs.makeQualified(root);
      List<FileStatus> found = new ArrayList<>();
      RemoteIterator<LocatedFileStatus> it = fs.listFiles(qualified, true);
      while (it.hasNext()) {
        LocatedFileStatus file = it.next();
        if (isData(qualified, file.getPath())) {
          found.add(file);
        }
      }
      found.sort(Comparator.comparing(f -> f.getPath().toString()));
      return new InputFiles(qualified, List.copyOf(found), conf);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list input.path " + path, e);
    }
  }

  /** No path element below the root starts with {@code _} or {@code .} (as Spark skips them). */
  private static boolean isData(Path root, Path file) {
    for (Path p = file; p != null && !p.equals(root); p = p.getParent()) {
      if (p.getName().startsWith("_") || p.getName().startsWith(".")) {
        return false;
      }
    }
    return true;
  }

  public Path root() {
    return root;
  }

  public List<String> paths() {
    return files.stream().map(f -> f.getPath().toString()).toList();
  }

  /**
   * SHA-256 of every data file's relative path, length and modification time: equal for a rerun
   * over untouched files, different as soon as a file is added, removed or rewritten.
   */
  public String fingerprint() {
    MessageDigest digest = DigestUtils.getSha256Digest();
    String prefix = root.toString();
    for (FileStatus f : files) {
      String line = f.getPath().toString().substring(prefix.length()) + "\t" + f.getLen() + "\t"
          + f.getModificationTime() + "\n";
      DigestUtils.updateDigest(digest, line);
    }
    return Hex.encodeHexString(digest.digest());
  }

  /** A Parquet file that cannot be opened, and why. */
  public record Unreadable(String path, String reason) {
    @Override
    public String toString() {
      return path + " (" + reason + ")";
    }
  }

  /**
   * Opens every Parquet file's footer (magic bytes, footer length, schema): a file cut short by a
   * failed upload, or garbage under a {@code .parquet} name, fails here rather than mid-job.
   * Corruption inside a data page with an intact footer is not seen here; reading it fails the job.
   */
  public List<Unreadable> unreadableParquet() {
    List<FileStatus> parquet = files.stream()
        .filter(f -> f.getPath().getName().toLowerCase(Locale.ROOT).endsWith(".parquet"))
        .toList();
    if (parquet.isEmpty()) {
      return List.of();
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(CHECK_THREADS, parquet.size()));
    try {
      List<Future<Unreadable>> checks = new ArrayList<>();
      for (FileStatus file : parquet) {
        checks.add(pool.submit(() -> check(file)));
      }
      List<Unreadable> bad = new ArrayList<>();
      for (Future<Unreadable> check : checks) {
        Unreadable result = check.get();
        if (result != null) {
          bad.add(result);
        }
      }
      return bad;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking Parquet footers under " + root, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot check Parquet footers under " + root, e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  private Unreadable check(FileStatus file) {
    try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromStatus(file, conf))) {
      reader.getFooter().getFileMetaData().getSchema();
      return null;
    } catch (IOException | RuntimeException e) {
      String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      return new Unreadable(file.getPath().toString(), reason);
    }
  }
}
