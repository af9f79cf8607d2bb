package dev.winnow.spark;

import dev.winnow.runtime.ModelInfo;
import dev.winnow.runtime.TextScore;
import dev.winnow.runtime.WinnowErrors;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The columns a score adds to a row, and how one {@link TextScore} fills them.
 *
 * <p>Shared by {@link SafetyScorer} (appended to each input row) and {@link WinnowUdfs} (as the
 * fields of the returned struct), so both paths produce identical names, types and values.
 */
public final class ScoreColumns implements Serializable {

  public static final String DEFAULT_PREFIX = "score_";
  public static final String FLAGS = "flags";
  public static final String FLAGGED = "flagged";
  public static final String MAX_SCORE = "max_score";
  public static final String N_TOKENS = "n_tokens";
  public static final String N_WINDOWS = "n_windows";
  public static final String TRUNCATED = "truncated";
  public static final String MODEL = "model";
  public static final String SKIP_REASON = "skip_reason";

  private final List<String> labels;
  private final List<String> labelNames;
  private final List<String> scoreColumns;
  private final float[] thresholds;
  private final String modelId;
  private final StructType fields;

  /**
   * @param model labels in output order, thresholds it recommends, and the id written to the
   *     {@value #MODEL} column
   * @param prefix prepended to each sanitized label to name its score column
   * @param thresholds the user's thresholds, resolved against the model's labels
   */
  public ScoreColumns(ModelInfo model, String prefix, Thresholds thresholds) {
    this.labels = model.labels();
    this.labelNames = LabelNames.sanitizeAll(labels);
    this.thresholds = thresholds.resolve(model);
    this.modelId = model.id();
    List<String> columns = new ArrayList<>();
    for (String name : labelNames) {
      columns.add(prefix + name);
    }
    this.scoreColumns = List.copyOf(columns);
    this.fields = buildFields();
  }

  private StructType buildFields() {
    List<StructField> list = new ArrayList<>();
    for (String column : scoreColumns) {
      list.add(DataTypes.createStructField(column, DataTypes.FloatType, true));
    }
    list.add(DataTypes.createStructField(FLAGS, DataTypes.createArrayType(DataTypes.StringType, false), false));
    list.add(DataTypes.createStructField(FLAGGED, DataTypes.BooleanType, false));
    list.add(DataTypes.createStructField(MAX_SCORE, DataTypes.FloatType, true));
    list.add(DataTypes.createStructField(N_TOKENS, DataTypes.IntegerType, false));
    list.add(DataTypes.createStructField(N_WINDOWS, DataTypes.IntegerType, false));
    list.add(DataTypes.createStructField(TRUNCATED, DataTypes.BooleanType, false));
    list.add(DataTypes.createStructField(MODEL, DataTypes.StringType, false));
    list.add(DataTypes.createStructField(SKIP_REASON, DataTypes.StringType, true));
    StructType struct = new StructType(list.toArray(new StructField[0]));
    // A label column such as prefix "" + label "flags" would shadow a fixed column.
    String[] names = struct.fieldNames();
    for (int i = 0; i < names.length; i++) {
      for (int j = i + 1; j < names.length; j++) {
        if (names[i].equalsIgnoreCase(names[j])) {
          throw new IllegalArgumentException("score column name '" + names[i]
              + "' is produced twice; choose another column prefix");
        }
      }
    }
    return struct;
  }

  /** Label names as the model spells them. */
  public List<String> labels() {
    return labels;
  }

  /** Sanitized label names, in label order; also the strings found in {@value #FLAGS}. */
  public List<String> labelNames() {
    return labelNames;
  }

  /** Score column names (prefix + sanitized label), in label order. */
  public List<String> scoreColumns() {
    return scoreColumns;
  }

  public float[] thresholds() {
    return thresholds.clone();
  }

  public String modelId() {
    return modelId;
  }

  /** The added fields alone: the UDF's return struct. */
  public StructType fields() {
    return fields;
  }

  public int width() {
    return fields.size();
  }

  /**
   * {@code input} followed by the added fields.
   *
   * @throws IllegalArgumentException naming an input column that an added column would replace
   */
  public StructType appendTo(StructType input) {
    StructType out = input;
    for (StructField field : fields.fields()) {
      for (String existing : input.fieldNames()) {
        if (existing.equalsIgnoreCase(field.name())) {
          throw WinnowErrors.invalid(null, "input column '" + existing
              + "' clashes with score column '" + field.name()
              + "'; rename it or choose another column prefix");
        }
      }
      out = out.add(field);
    }
    return out;
  }

  /** Writes the added columns' values for {@code score} into {@code row} from {@code offset}. */
  public void fill(Object[] row, int offset, TextScore score) {
    int n = scoreColumns.size();
    float[] scores = score.scores();
    List<String> flags = new ArrayList<>(0);
    Float max = null;
    if (scores != null) {
      if (scores.length != n) {
        throw new IllegalStateException("model " + modelId + " returned " + scores.length
            + " scores for " + n + " labels");
      }
      float best = Float.NEGATIVE_INFINITY;
      for (int i = 0; i < n; i++) {
        row[offset + i] = scores[i];
        best = Math.max(best, scores[i]);
        if (scores[i] >= thresholds[i]) {
          flags.add(labelNames.get(i));
        }
      }
      max = best;
    } else {
      Arrays.fill(row, offset, offset + n, null);
    }
    int k = offset + n;
    row[k++] = flags.toArray(new String[0]);
    row[k++] = !flags.isEmpty();
    row[k++] = max;
    row[k++] = score.tokens();
    row[k++] = score.windows();
    row[k++] = score.truncated();
    row[k++] = modelId;
    row[k] = score.skipReason();
  }
}
