package dev.winnow.jobs.testing;

import dev.winnow.jobs.JobSessions;
import dev.winnow.spark.testing.TestSpark;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * {@link TestSpark}'s session with Delta wired in the way the jobs wire it ({@link
 * JobSessions#withDelta}), for tests that read or write Delta tables.
 */
public final class DeltaTestSpark {

  private DeltaTestSpark() {}

  public static SparkSession start(String appName) {
    // An empty SparkConf: no spark.* system properties leak in from the test JVM.
    return JobSessions.withDelta(TestSpark.builder(appName), new SparkConf(false)).getOrCreate();
  }
}
