/**
 * How well scores separate positive from negative labels: one definition of every measure, shared
 * by {@code train}, {@code evaluate} and {@code calibrate}.
 *
 * <p>A row is predicted positive when its score is at or above the threshold, as the score job
 * flags it. Ratios that divide by zero are NaN (JSON null, "-" in tables), never a convention such
 * as precision 1.0 with nothing flagged. The areas are computed exactly over the distinct scores:
 * ROC-AUC by trapezoids (the Mann-Whitney statistic, ties counting half; what MLlib's {@code
 * areaUnderROC} gives) and the precision-recall area as average precision (no interpolation).
 */
package dev.winnow.jobs.measure;
