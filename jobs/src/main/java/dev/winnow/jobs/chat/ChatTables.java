package dev.winnow.jobs.chat;

import dev.winnow.jobs.config.OutputSpec;
import dev.winnow.jobs.config.Settings;
import org.apache.hadoop.fs.Path;

/**
 * {@code output.*} and {@code metrics.path}: the three Delta tables a chatlogs run maintains.
 *
 * @param turns one row per (conversation_id, turn), partitioned by delivery date
 * @param conversations one rollup row per conversation
 * @param metrics one row per night, from the latest run that selected it
 */
public record ChatTables(String turns, String conversations, String metrics) {

  static ChatTables from(Settings s) {
    Path base = new Path(OutputSpec.stripTrailingSlash(s.requiredPath("output.path")));
    return new ChatTables(
        s.optionalString("output.turns").orElse(new Path(base, "turns").toString()),
        s.optionalString("output.conversations").orElse(new Path(base, "conversations").toString()),
        s.optionalPath("metrics.path").orElse(new Path(base, "chat_metrics").toString()));
  }
}
