package dev.winnow.jobs.chat;

import dev.winnow.jobs.metrics.SummaryTable;
import java.util.Locale;

/** The few lines a person running the chatlogs job wants to see at the end. */
public final class ChatSummary {

  private ChatSummary() {}

  public static String format(ChatLogsRun.Result r) {
    StringBuilder s = new StringBuilder();
    s.append(line("winnow chatlogs  run %s  nights: %s", r.runId(), r.nights()));
    s.append(line("models: %s", r.models()));
    s.append(line("turns: %d selected, %d scored (new or changed): %d inserted, %d updated",
        r.selectedTurns(), r.scoredTurns(), r.turns().inserted(), r.turns().updated()));
    s.append(line("conversations: %d re-rolled: %d new, %d changed",
        r.rolledConversations(), r.conversations().inserted(), r.conversations().updated()));
    for (NightMetrics night : r.metrics()) {
      s.append(line("night %s: %d turns (%d new), %d conversations, %d with their first unsafe compliance",
          night.night(), night.turns(), night.newTurns(), night.conversations(), night.unsafeCompliance()));
      s.append(line("  %-10s %6s %10s %12s", "role", "turns", "flag rate", "refusal rate"));
      for (NightMetrics.RoleStats role : night.roles()) {
        s.append(line("  %-10s %6d %10s %12s", role.role(), role.turns(), SummaryTable.percent(role.flagRate()),
            SummaryTable.percent(role.refusalRate())));
      }
      s.append(line("  %-10s %-18s %9s %10s", "role", "category", "threshold", "flag rate"));
      for (NightMetrics.CategoryStats c : night.categories()) {
        s.append(line("  %-10s %-18s %9.3f %10s", c.role(), c.category(), c.threshold(),
            SummaryTable.percent(c.flagRate())));
      }
    }
    return s.toString();
  }

  private static String line(String format, Object... args) {
    return String.format(Locale.ROOT, format + "%n", args);
  }
}
