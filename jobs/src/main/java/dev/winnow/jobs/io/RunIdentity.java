package dev.winnow.jobs.io;

import dev.winnow.jobs.config.InputSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * What makes two appending runs the same run, so that a rerun of a run that committed appends
 * nothing: the user's {@code output.run_key} when set (e.g. the nightly run's date), else the
 * input's identity (a Delta input's path and version; for files, their names, sizes and
 * modification times). Settings and model are deliberately not part of it: a table gains each
 * input once; scoring it again with other settings is an overwrite, or a new run key.
 *
 * @param key the run's name
 */
public record RunIdentity(String key) {

  private static final String APP = "winnow-score:";

  public static RunIdentity of(SparkSession spark, InputSpec input, InputFormat format, Optional<String> runKey) {
    if (runKey.isPresent()) {
      return new RunIdentity("key=" + runKey.get());
    }
    if (format == InputFormat.DELTA) {
      Path table = new Path(input.path());
      String qualified = table.toString();
      try {
        qualified = table.getFileSystem(spark.sparkContext().hadoopConfiguration()).makeQualified(table).toString();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot resolve input.path " + input.path(), e);
      }
      return new RunIdentity("delta=" + qualified + "@" + OutputWriter.deltaVersion(spark, input.path()));
    }
    InputFiles files = InputFiles.list(input.path(), spark.sparkContext().hadoopConfiguration());
    return new RunIdentity("files=" + files.root() + "#" + files.fingerprint());
  }

  /** Delta's {@code txnAppId}: the output table records it with the run's commit. */
  public String txnAppId() {
    return APP + key;
  }

  /** The run's {@code run_id}: the same for every attempt at this run. */
  public String runId() {
    return UUID.nameUUIDFromBytes(txnAppId().getBytes(StandardCharsets.UTF_8)).toString();
  }
}
