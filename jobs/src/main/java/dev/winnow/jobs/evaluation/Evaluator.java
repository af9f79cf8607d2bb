package dev.winnow.jobs.evaluation;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import dev.winnow.jobs.labels.LabeledFrame;
import dev.winnow.jobs.measure.BinaryMetrics;
import dev.winnow.jobs.measure.Confusion;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Measures {@link LabeledScores}: one aggregation for the counts at the thresholds in use and one
 * grouped pass for the per-score counts behind the areas, curves and histograms ({@link
 * BinaryMetrics}, exact: no binning).
 */
public final class Evaluator {

  private Evaluator() {}

  /** Per category in label order, then {@value LabeledFrame#ANY}. */
  public static List<CategoryEvaluation> evaluate(LabeledScores data) {
    List<String> names = new ArrayList<>(data.categories());
    names.add(LabeledFrame.ANY);
    Row counts = data.rows().agg(lit(1), countColumns(data, names)).first();
    Map<String, BinaryMetrics.Builder> curves = new HashMap<>();
    Map<String, ScoreHistogram> histograms = new HashMap<>();
    for (String name : names) {
      curves.put(name, BinaryMetrics.builder());
      histograms.put(name, ScoreHistogram.empty());
    }
    for (Row g : scoreGroups(data, names).collectAsList()) {
      String name = g.getString(0);
      double score = g.getFloat(1);
      boolean positive = g.getInt(2) == 1;
      long n = g.getLong(3);
      curves.get(name).add(score, positive, n);
      histograms.put(name, histograms.get(name).plus(score, positive, n));
    }
    List<CategoryEvaluation> out = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      BinaryMetrics curve = curves.get(name).build();
      long tp = counts.getLong(counts.fieldIndex("tp_" + i));
      long fp = counts.getLong(counts.fieldIndex("fp_" + i));
      long tn = counts.getLong(counts.fieldIndex("tn_" + i));
      long fn = counts.getLong(counts.fieldIndex("fn_" + i));
      Confusion at = new Confusion(Double.NaN, tp, fp, tn, fn);
      var best = curve.bestF1();
      out.add(new CategoryEvaluation(
          name,
          i < data.categories().size() ? (double) data.threshold(i) : null,
          curve.positives(), curve.negatives(),
          counts.getLong(counts.fieldIndex("unknown_" + i)),
          counts.getLong(counts.fieldIndex("unscored_" + i)),
          tp, fp, tn, fn,
          defined(at.precision()), defined(at.recall()), defined(at.f1()),
          defined(curve.rocAuc()), defined(curve.averagePrecision()),
          best.map(Confusion::f1).orElse(null),
          best.map(Confusion::threshold).orElse(null),
          curve,
          histograms.get(name)));
    }
    return out;
  }

  /** Only the threshold curves of the categories (no {@value LabeledFrame#ANY}): what calibrating needs. */
  public static Map<String, BinaryMetrics> curves(LabeledScores data) {
    Map<String, BinaryMetrics.Builder> builders = new HashMap<>();
    data.categories().forEach(c -> builders.put(c, BinaryMetrics.builder()));
    for (Row g : scoreGroups(data, data.categories()).collectAsList()) {
      builders.get(g.getString(0)).add(g.getFloat(1), g.getInt(2) == 1, g.getLong(3));
    }
    Map<String, BinaryMetrics> out = new HashMap<>();
    builders.forEach((c, b) -> out.put(c, b.build()));
    return out;
  }

  /** Confusion at the thresholds in use, plus unknown and unscored rows, for every name. */
  private static Column[] countColumns(LabeledScores data, List<String> names) {
    List<Column> flags = new ArrayList<>();
    for (int i = 0; i < data.categories().size(); i++) {
      // A float literal: the comparison must happen in float, exactly as ScoreColumns flags.
      Column score = col(LabeledScores.score(data.categories().get(i)));
      flags.add(score.isNotNull().and(score.geq(lit(data.threshold(i)))));
    }
    // "any" is flagged when any category is, each at its own threshold (the score job's `flagged`).
    flags.add(flags.stream().reduce(lit(false), Column::or));
    List<Column> aggs = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      Column label = col(LabeledScores.label(names.get(i)));
      Column scored = col(LabeledScores.score(names.get(i))).isNotNull();
      Column flag = flags.get(i);
      Column known = label.isNotNull().and(scored);
      aggs.add(count(when(known.and(label.equalTo(1)).and(flag), 1)).as("tp_" + i));
      aggs.add(count(when(known.and(label.equalTo(0)).and(flag), 1)).as("fp_" + i));
      aggs.add(count(when(known.and(label.equalTo(0)).and(flag.unary_$bang()), 1)).as("tn_" + i));
      aggs.add(count(when(known.and(label.equalTo(1)).and(flag.unary_$bang()), 1)).as("fn_" + i));
      aggs.add(count(when(label.isNull(), 1)).as("unknown_" + i));
      aggs.add(count(when(label.isNotNull().and(scored.unary_$bang()), 1)).as("unscored_" + i));
    }
    return aggs.toArray(new Column[0]);
  }

  /** (name, score, label, rows) for every distinct score and label, over all names in one pass. */
  private static Dataset<Row> scoreGroups(LabeledScores data, List<String> names) {
    Column[] pairs = names.stream()
        .map(n -> struct(lit(n).as("name"), col(LabeledScores.score(n)).as("score"),
            col(LabeledScores.label(n)).as("label")))
        .toArray(Column[]::new);
    return data.rows()
        .select(explode(array(pairs)).as("p"))
        .select(col("p.name"), col("p.score"), col("p.label"))
        .where(col("score").isNotNull().and(col("label").isNotNull()))
        .groupBy("name", "score", "label").count();
  }

  private static Double defined(double value) {
    return Double.isNaN(value) ? null : value;
  }
}
