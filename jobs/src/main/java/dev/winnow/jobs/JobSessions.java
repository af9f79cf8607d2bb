package dev.winnow.jobs;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** The SparkSession a job runs in, under spark-submit or straight from a shell. */
public final class JobSessions {

  static final String DELTA_EXTENSION = "io.delta.sql.DeltaSparkSessionExtension";
  static final String DELTA_CATALOG = "org.apache.spark.sql.delta.catalog.DeltaCatalog";

  private JobSessions() {}

  /** Uses the master spark-submit set, or all local cores when run without it. */
  public static SparkSession getOrCreate(String appName) {
    SparkConf submitted = new SparkConf();
    SparkSession.Builder builder = SparkSession.builder().appName(appName);
    if (!submitted.contains("spark.master")) {
      builder.master("local[*]");
    }
    return withDelta(builder, submitted).getOrCreate();
  }

  /** Adds Delta's SQL extension and catalog, keeping any extensions already configured. */
  public static SparkSession.Builder withDelta(SparkSession.Builder builder, SparkConf existing) {
    String extensions = existing.get("spark.sql.extensions", "");
    if (!extensions.contains(DELTA_EXTENSION)) {
      builder.config("spark.sql.extensions",
          extensions.isBlank() ? DELTA_EXTENSION : extensions + "," + DELTA_EXTENSION);
    }
    if (!existing.contains("spark.sql.catalog.spark_catalog")) {
      builder.config("spark.sql.catalog.spark_catalog", DELTA_CATALOG);
    }
    return builder;
  }
}
