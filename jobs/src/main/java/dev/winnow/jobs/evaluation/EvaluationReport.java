package dev.winnow.jobs.evaluation;

import java.time.Instant;
import java.util.List;

/**
 * One {@code evaluate} run: which model on which data, and the metrics per category.
 *
 * @param rows labeled rows read
 * @param notes how labels were matched to the model (categories left out and why)
 * @param categories per category in model label order, then {@code any}
 */
public record EvaluationReport(
    String runId,
    String model,
    String modelRef,
    String dataPath,
    Instant evaluatedAt,
    long rows,
    List<String> notes,
    List<CategoryEvaluation> categories) {

  public EvaluationReport {
    notes = List.copyOf(notes);
    categories = List.copyOf(categories);
  }
}
