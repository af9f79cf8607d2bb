package dev.winnow.jobs.chat;

import static dev.winnow.jobs.chat.TurnColumns.CONTEXT_TURN;
import static dev.winnow.jobs.chat.TurnColumns.FLAGS;
import static dev.winnow.jobs.chat.TurnColumns.MODEL;
import static dev.winnow.jobs.chat.TurnColumns.REFUSAL_SCORE;
import static dev.winnow.jobs.chat.TurnColumns.REFUSED;
import static dev.winnow.jobs.chat.TurnColumns.SCORE_PREFIX;
import static dev.winnow.jobs.chat.TurnColumns.SKIP_REASON;
import static dev.winnow.jobs.chat.TurnColumns.TEXT;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.array_intersect;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import dev.winnow.jobs.config.ConfigError;
import dev.winnow.jobs.config.ModelSpec;
import dev.winnow.jobs.scoring.JobScorers;
import dev.winnow.runtime.ModelInfo;
import dev.winnow.runtime.UserError;
import dev.winnow.spark.ClassifierFactory;
import dev.winnow.spark.SafetyScorer;
import dev.winnow.spark.ScoreColumns;
import dev.winnow.spark.Thresholds;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Scores one role's turns, decided on the driver: the harm model restricted to the role's
 * categories and, for assistants, the refusal flag, from the same scoring pass when the refusal
 * label belongs to the same model, else from a second model.
 *
 * <p>Each pass's {@link SafetyScorer} columns are renamed under a private prefix right away, so
 * the second pass cannot clash with the first and only the turn table's columns leave {@link
 * #score}.
 */
final class RoleScorer {

  private static final String HARM = "_harm_";
  private static final String REFUSAL = "_refusal_";

  private final RoleSpec spec;
  private final SafetyScorer harm;
  private final ScoreColumns harmColumns;
  private final Optional<SafetyScorer> separateRefusal;
  private final Optional<ScoreColumns> refusalColumns;
  private final boolean withContext;

  private RoleScorer(RoleSpec spec, SafetyScorer harm, ScoreColumns harmColumns,
      Optional<SafetyScorer> separateRefusal, Optional<ScoreColumns> refusalColumns, boolean withContext) {
    this.spec = spec;
    this.withContext = withContext;
    this.harm = harm;
    this.harmColumns = harmColumns;
    this.separateRefusal = separateRefusal;
    this.refusalColumns = refusalColumns;
  }

  /**
   * Describes the role's models (no weights) and checks its categories against their labels.
   *
   * @param described models already described, by reference, shared between roles
   * @throws ConfigError naming the role setting at fault
   */
  static RoleScorer prepare(RoleSpec spec, Thresholds thresholds, ClassifierFactory factory,
      Map<String, ModelInfo> described) {
    String modelKey = RoleSpec.key(spec.role(), "model") + " (default model.ref)";
    ModelInfo harmInfo = describe(spec.model(), modelKey, factory, described);
    List<ModelInfo> models = new ArrayList<>(List.of(harmInfo));
    SafetyScorer harm = scorer(spec.model(), thresholds, HARM, factory, harmInfo);
    ScoreColumns harmColumns = harm.plan().columns();
    for (String category : spec.categories()) {
      requireLabel(harmColumns, category, RoleSpec.key(spec.role(), "categories"), spec.model());
    }
    Optional<SafetyScorer> separate = Optional.empty();
    Optional<ScoreColumns> refusalColumns = Optional.empty();
    if (spec.refusal().isPresent()) {
      RoleSpec.Refusal refusal = spec.refusal().get();
      ScoreColumns columns = harmColumns;
      if (!refusal.model().ref().equals(spec.model().ref())) {
        String key = RoleSpec.key(spec.role(), "refusal_model");
        ModelInfo info = describe(refusal.model(), key, factory, described);
        models.add(info);
        SafetyScorer second = scorer(refusal.model(), thresholds, REFUSAL, factory, info);
        columns = second.plan().columns();
        separate = Optional.of(second);
      }
      requireLabel(columns, refusal.category(), RoleSpec.key(spec.role(), "refusal_category"), refusal.model());
      refusalColumns = Optional.of(columns);
    }
    boolean withContext = usesContext(spec, models);
    if (withContext) {
      harm.setContextCol(IncomingTurns.CONTEXT);
      separate.ifPresent(s -> s.setContextCol(IncomingTurns.CONTEXT));
    }
    return new RoleScorer(spec, harm, harmColumns, separate, refusalColumns, withContext);
  }

  /**
   * Whether the role's turns go to its models as (previous user turn, turn) pairs: {@code auto}
   * when every model of the role accepts pairs, {@code previous_user_turn} always (refusing
   * models that do not).
   */
  private static boolean usesContext(RoleSpec spec, List<ModelInfo> models) {
    return switch (spec.context()) {
      case NONE -> false;
      case AUTO -> models.stream().allMatch(ModelInfo::acceptsTextPairs);
      case PREVIOUS_USER_TURN -> {
        for (ModelInfo model : models) {
          try {
            model.requireTextPairs();
          } catch (IllegalArgumentException e) {
            throw new ConfigError(RoleSpec.key(spec.role(), "context"), e.getMessage()
                + "; set it to auto or none", e);
          }
        }
        yield true;
      }
    };
  }

  /** Whether turns are scored with the previous user turn as context. */
  boolean withContext() {
    return withContext;
  }

  RoleSpec spec() {
    return spec;
  }

  /** The model ids written to the turn table's {@value TurnColumns#MODEL} column. */
  String modelIds() {
    return separateRefusal.isEmpty() ? harmColumns.modelId()
        : harmColumns.modelId() + "," + refusalColumns.orElseThrow().modelId();
  }

  /** Threshold in use for one of the role's categories (or its refusal category). */
  double threshold(String category) {
    ScoreColumns columns = refusalColumns.filter(c -> spec.refusal().orElseThrow().category().equals(category))
        .orElse(harmColumns);
    // Via the float's shortest decimal, so 0.9f reads 0.9 in metrics, not 0.899999976.
    return Double.parseDouble(Float.toString(columns.thresholds()[columns.labelNames().indexOf(category)]));
  }

  /**
   * This role's turns with the turn table's score columns appended: {@code score_<category>} for
   * each of {@code allCategories} (null where the role does not judge it), the refusal score,
   * flags (the role's categories only), flagged, refused, skip reason and model.
   */
  Dataset<Row> score(Dataset<Row> turns, List<String> allCategories) {
    Dataset<Row> scored = renamed(harm.transform(turns), HARM, harmColumns);
    if (separateRefusal.isPresent()) {
      scored = renamed(separateRefusal.get().transform(scored), REFUSAL, refusalColumns.get());
    }
    List<Column> out = new ArrayList<>();
    for (String c : turns.columns()) {
      out.add(col(c));
    }
    out.add((withContext ? when(col(IncomingTurns.CONTEXT).isNotNull(), col(IncomingTurns.CONTEXT_TURN_INDEX))
        : lit(null)).cast("int").as(CONTEXT_TURN));
    for (String category : allCategories) {
      out.add((spec.categories().contains(category) ? col(HARM + SCORE_PREFIX + category)
          : lit(null).cast("float")).as(SCORE_PREFIX + category));
    }
    Column roleFlags = array_intersect(col(HARM + FLAGS), array(spec.categories().stream().map(c -> lit(c)).toArray(Column[]::new)));
    out.add(roleFlags.as(FLAGS));
    if (spec.refusal().isPresent()) {
      String category = spec.refusal().get().category();
      String pass = separateRefusal.isPresent() ? REFUSAL : HARM;
      out.add(col(pass + SCORE_PREFIX + category).as(REFUSAL_SCORE));
      out.add(when(col(HARM + SKIP_REASON).isNull(), array_contains(col(pass + FLAGS), category)).as(REFUSED));
    } else {
      out.add(lit(null).cast("float").as(REFUSAL_SCORE));
      out.add(lit(null).cast("boolean").as(REFUSED));
    }
    out.add(col(HARM + SKIP_REASON).as(SKIP_REASON));
    out.add(separateRefusal.isPresent() ? concat_ws(",", col(HARM + MODEL), col(REFUSAL + MODEL)).as(MODEL)
        : col(HARM + MODEL).as(MODEL));
    return scored.select(out.toArray(new Column[0]));
  }

  /** Moves a scorer's added columns under {@code tag}, keeping only flags, skip reason, model and scores. */
  private static Dataset<Row> renamed(Dataset<Row> scored, String tag, ScoreColumns columns) {
    Map<String, String> keep = new HashMap<>();
    keep.put(ScoreColumns.FLAGS, tag + FLAGS);
    keep.put(ScoreColumns.SKIP_REASON, tag + SKIP_REASON);
    keep.put(ScoreColumns.MODEL, tag + MODEL);
    List<String> added = new ArrayList<>(columns.scoreColumns());
    for (String field : columns.fields().fieldNames()) {
      if (!added.contains(field) && !keep.containsKey(field)) {
        scored = scored.drop(field);
      }
    }
    for (Map.Entry<String, String> e : keep.entrySet()) {
      scored = scored.withColumnRenamed(e.getKey(), e.getValue());
    }
    return scored;
  }

  private static SafetyScorer scorer(ModelSpec model, Thresholds thresholds, String tag, ClassifierFactory factory,
      ModelInfo info) {
    return JobScorers.scorer(model, ModelThresholds.restrict(thresholds, info.labels()), TEXT, tag + SCORE_PREFIX, factory);
  }

  private static ModelInfo describe(ModelSpec model, String key, ClassifierFactory factory, Map<String, ModelInfo> described) {
    ModelInfo known = described.get(model.ref());
    if (known != null) {
      return known;
    }
    try {
      ModelInfo info = factory.verify(model.ref());
      described.put(model.ref(), info);
      return info;
    } catch (UserError e) {
      throw new ConfigError(key, "model '" + model.ref() + "': " + e.problem(), e);
    }
  }

  private static void requireLabel(ScoreColumns columns, String category, String key, ModelSpec model) {
    if (!columns.labelNames().contains(category)) {
      throw new ConfigError(key, "model '" + model.ref() + "' has no label '" + category + "'; its labels are "
          + columns.labelNames());
    }
  }
}
