package dev.winnow.jobs.io;

import org.apache.spark.sql.SaveMode;

/** What to do when the output already exists. */
public enum WriteMode {
  /** Refuse, before reading any input. */
  ERROR(SaveMode.ErrorIfExists),
  OVERWRITE(SaveMode.Overwrite),
  APPEND(SaveMode.Append);

  private final SaveMode saveMode;

  WriteMode(SaveMode saveMode) {
    this.saveMode = saveMode;
  }

  public SaveMode saveMode() {
    return saveMode;
  }
}
