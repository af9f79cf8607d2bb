package dev.winnow.spark.testing;

import dev.winnow.spark.ExecutorModelCache;
import java.io.IOException;
import java.nio.file.Files;
import org.apache.spark.sql.SparkSession;

/** The lean local SparkSession every Spark test class starts once (2 cores, 24 GB machines). */
public final class TestSpark {

  private TestSpark() {}

  /** local[2], two shuffle partitions, no UI, loopback only, warehouse in a temp dir. */
  public static SparkSession.Builder builder(String appName) {
    String warehouse;
    try {
      warehouse = Files.createTempDirectory("winnow-warehouse").toString();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return SparkSession.builder()
        .master("local[2]")
        .appName(appName)
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        .config("spark.databricks.delta.snapshotPartitions", "1")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.warehouse.dir", warehouse);
  }

  public static SparkSession start(String appName) {
    return builder(appName).getOrCreate();
  }

  /**
   * Stops the session and closes the models its tasks cached: in local mode the executor cache
   * lives in the test JVM and would outlive the session into the next test class.
   */
  public static void stop(SparkSession spark) {
    spark.stop();
    ExecutorModelCache.closeAll();
  }

  /** Closes the cached models and zeroes the load count, so a test counts only its own loads. */
  public static void forgetModels() {
    ExecutorModelCache.closeAll();
    ExecutorModelCache.resetLoadCount();
  }
}
