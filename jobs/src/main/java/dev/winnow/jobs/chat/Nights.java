package dev.winnow.jobs.chat;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.winnow.jobs.config.ConfigError;
import dev.winnow.jobs.config.Settings;
import java.sql.Date;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.apache.spark.sql.Column;

/**
 * Which delivery dates a run takes from the input: one night ({@code date}), every night from one
 * on ({@code since}), or, with neither, every row.
 */
public record Nights(Optional<LocalDate> date, Optional<LocalDate> since) {

  static Nights from(Settings s) {
    Optional<LocalDate> date = s.optionalString("date").map(v -> parse("date", v));
    Optional<LocalDate> since = s.optionalString("since").map(v -> parse("since", v));
    if (date.isPresent() && since.isPresent()) {
      throw new ConfigError("since", "give either date or since, not both");
    }
    return new Nights(date, since);
  }

  public static Nights all() {
    return new Nights(Optional.empty(), Optional.empty());
  }

  public static Nights of(LocalDate night) {
    return new Nights(Optional.of(night), Optional.empty());
  }

  /** A predicate on a date column selecting these nights. */
  Column select(String dateColumn) {
    if (date.isPresent()) {
      return col(dateColumn).equalTo(lit(Date.valueOf(date.get())));
    }
    return since.map(d -> col(dateColumn).geq(lit(Date.valueOf(d)))).orElse(lit(true));
  }

  /** For summaries: {@code 2026-11-01}, {@code since 2026-11-01} or {@code all dates}. */
  String describe() {
    return date.map(LocalDate::toString)
        .or(() -> since.map(d -> "since " + d))
        .orElse("all dates");
  }

  private static LocalDate parse(String key, String value) {
    try {
      return LocalDate.parse(value.trim());
    } catch (DateTimeParseException e) {
      throw new ConfigError(key, "expected a date YYYY-MM-DD, got '" + value + "'", e);
    }
  }
}
