package dev.winnow.jobs.evaluation;

import dev.winnow.jobs.measure.BinaryMetrics;

/**
 * How well one category's scores match its labels. Rows with an unknown label or no score (null
 * or blank text) are counted but left out of every other number.
 *
 * @param name sanitized category, or {@code any} (max score over categories vs any-positive label)
 * @param threshold the threshold in use; null for {@code any}, which flags when any category does
 * @param tp rows flagged and labeled positive, at the threshold in use (and so on for fp, tn, fn)
 * @param precision null when nothing is flagged (likewise recall without positives, f1 without
 *     either)
 * @param rocAuc area under the ROC curve; null without both positives and negatives
 * @param averagePrecision area under the precision-recall curve as average precision (not MLlib's
 *     trapezoidal {@code areaUnderPR}); null without positives
 * @param bestF1 best F1 over all thresholds, at {@code bestF1Threshold}; null without positives
 * @param curve confusion counts at every distinct score (for charts and calibration; not stored)
 * @param histogram scores by label (for charts; not stored)
 */
public record CategoryEvaluation(
    String name,
    Double threshold,
    long positives,
    long negatives,
    long unknown,
    long unscored,
    long tp,
    long fp,
    long tn,
    long fn,
    Double precision,
    Double recall,
    Double f1,
    Double rocAuc,
    Double averagePrecision,
    Double bestF1,
    Double bestF1Threshold,
    BinaryMetrics curve,
    ScoreHistogram histogram) {}
