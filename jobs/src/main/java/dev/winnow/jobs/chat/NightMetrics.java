package dev.winnow.jobs.chat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * What one night looks like after a run: one row of the chat metrics table.
 *
 * @param turns the night's turns in the turn table (all of them, not only this run's)
 * @param newTurns the night's turns this run scored (new or changed)
 * @param unsafeCompliance conversations whose first unsafe compliance is dated this night
 */
public record NightMetrics(
    String runId,
    LocalDate night,
    Instant startedAt,
    Instant finishedAt,
    String inputPath,
    String models,
    long turns,
    long newTurns,
    long conversations,
    long unsafeCompliance,
    List<RoleStats> roles,
    List<CategoryStats> categories) {

  public NightMetrics {
    roles = List.copyOf(roles);
    categories = List.copyOf(categories);
  }

  /**
   * One role's turns that night; rates are null when nothing was scored, the refusal rate also for
   * roles without a refusal signal.
   */
  public record RoleStats(
      String role, long turns, long newTurns, long scoredTurns, long flaggedTurns, Double flagRate,
      long refusedTurns, Double refusalRate) {}

  /** One of a role's categories that night. */
  public record CategoryStats(
      String role, String category, double threshold, long scoredTurns, long flaggedTurns, Double flagRate,
      Double mean) {}
}
