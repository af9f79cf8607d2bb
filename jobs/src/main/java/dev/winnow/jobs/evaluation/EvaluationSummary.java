package dev.winnow.jobs.evaluation;

import static dev.winnow.jobs.evaluation.HtmlReport.num;

import java.util.Locale;

/** The table printed at the end of an {@code evaluate} run. */
public final class EvaluationSummary {

  private EvaluationSummary() {}

  public static String format(EvaluationReport r) {
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "winnow evaluate  run %s  model %s  rows %d%n", r.runId(), r.model(), r.rows()));
    s.append(String.format(Locale.ROOT, "%-18s %6s %6s %6s %6s %6s %6s %6s %6s %6s %13s%n",
        "category", "thr", "pos", "neg", "unk", "prec", "recall", "f1", "rocauc", "avgprec", "best f1 @thr"));
    for (CategoryEvaluation c : r.categories()) {
      s.append(String.format(Locale.ROOT, "%-18s %6s %6d %6d %6d %6s %6s %6s %6s %6s %13s%n",
          c.name(), num(c.threshold()), c.positives(), c.negatives(), c.unknown(), num(c.precision()),
          num(c.recall()), num(c.f1()), num(c.rocAuc()), num(c.averagePrecision()),
          c.bestF1() == null ? "-" : num(c.bestF1()) + " @" + num(c.bestF1Threshold())));
    }
    r.notes().forEach(n -> s.append("note: ").append(n).append(System.lineSeparator()));
    return s.toString();
  }
}
