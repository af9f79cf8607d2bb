package dev.winnow.jobs.chat;

import static dev.winnow.jobs.chat.TurnColumns.CONTENT_HASH;
import static dev.winnow.jobs.chat.TurnColumns.CONVERSATION_ID;
import static dev.winnow.jobs.chat.TurnColumns.DATE;
import static dev.winnow.jobs.chat.TurnColumns.ROLE;
import static dev.winnow.jobs.chat.TurnColumns.TEXT;
import static dev.winnow.jobs.chat.TurnColumns.TIMESTAMP;
import static dev.winnow.jobs.chat.TurnColumns.TURN;
import static dev.winnow.jobs.chat.TurnColumns.USER_ID;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.last;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.posexplode;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import dev.winnow.jobs.config.ConfigError;
import dev.winnow.jobs.io.InputFormat;
import dev.winnow.jobs.io.InputReader;
import dev.winnow.runtime.WinnowErrors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The turns a run takes from its input, in one schema whatever the input's shape: {@code
 * conversation_id, turn, role, text, timestamp, [user_id,] date, content_hash}, one row per
 * (conversation_id, turn).
 *
 * <p>Roles are canonical ({@code user}, {@code assistant}, else the delivered value lower-cased).
 * The content hash covers role and text, so a re-delivered message counts as new only when it
 * changed. A key delivered more than once in the selected nights keeps one row, chosen
 * deterministically (see {@link #deduplicate}).
 */
final class IncomingTurns {

  /** The previous user turn's text and index, when a role is scored with context. */
  static final String CONTEXT = "_context";
  static final String CONTEXT_TURN_INDEX = "_context_turn";

  private static final String SOURCE_FILE = "_source_file";
  private static final String MESSAGE = "_message";

  private IncomingTurns() {}

  /**
   * Reads, normalizes, selects the nights, checks keys and deduplicates.
   *
   * @throws ConfigError naming the setting when a configured column is missing or mistyped
   * @throws IllegalArgumentException naming the file of a row without conversation id, turn, role
   *     or date
   */
  static Dataset<Row> read(SparkSession spark, ChatLogsConfig config) {
    ChatInputSpec input = config.input();
    InputFormat format = InputReader.resolveFormat(spark, input.source());
    Dataset<Row> raw = InputReader.read(spark, input.source(), format);
    Dataset<Row> turns = normalize(raw, input, config.privacy())
        .filter(config.nights().select(DATE));
    checkKeys(turns, input);
    return deduplicate(turns.drop(SOURCE_FILE));
  }

  static Dataset<Row> normalize(Dataset<Row> raw, ChatInputSpec input, PrivacySpec privacy) {
    StructType schema = raw.schema();
    require(schema, "input.conversation_id_column", input.conversationIdColumn(), null);
    require(schema, "input.date_column", input.dateColumn(), null);
    input.timestampColumn().ifPresent(c -> require(schema, "input.timestamp_column", c, null));
    input.userIdColumn().ifPresent(c -> require(schema, "input.user_id_column", c, null));

    Dataset<Row> messages;
    Column turn;
    Column role;
    Column text;
    if (input.shape() == InputShape.MESSAGES) {
      require(schema, "input.turn_column", input.turnColumn(), null);
      require(schema, "input.role_column", input.roleColumn(), null);
      require(schema, "input.text_column", input.textColumn(), null);
      messages = raw.withColumn(SOURCE_FILE, input_file_name());
      turn = col(quote(input.turnColumn())).cast(DataTypes.IntegerType);
      role = col(quote(input.roleColumn())).cast(DataTypes.StringType);
      text = col(quote(input.textColumn())).cast(DataTypes.StringType);
    } else {
      require(schema, "input.messages_column", input.messagesColumn(), "an array of {role, content} structs");
      checkMessages(schema.apply(input.messagesColumn()).dataType(), input.messagesColumn());
      messages = raw.withColumn(SOURCE_FILE, input_file_name())
          .select(col("*"), posexplode(col(quote(input.messagesColumn()))).as(new String[] {"_pos", MESSAGE}));
      turn = col("_pos");
      role = col(MESSAGE + ".role").cast(DataTypes.StringType);
      text = col(MESSAGE + ".content").cast(DataTypes.StringType);
    }
    UserDefinedFunction fingerprint = udf(privacy.fingerprint(), DataTypes.StringType);
    Column canonicalRole = canonicalRole(lower(trim(role)), input);

    List<Column> columns = new ArrayList<>(List.of(
        col(quote(input.conversationIdColumn())).cast(DataTypes.StringType).as(CONVERSATION_ID),
        turn.as(TURN),
        canonicalRole.as(ROLE),
        text.as(TEXT),
        input.timestampColumn().map(c -> col(quote(c)).cast(DataTypes.TimestampType))
            .orElse(lit(null).cast(DataTypes.TimestampType)).as(TIMESTAMP)));
    Column userId = input.userIdColumn().map(c -> col(quote(c)).cast(DataTypes.StringType))
        .orElse(lit(null).cast(DataTypes.StringType));
    switch (privacy.userId()) {
      case KEEP -> columns.add(userId.as(USER_ID));
      case HASH -> columns.add(fingerprint.apply(userId).as(USER_ID));
      case DROP -> { }
    }
    columns.add(to_date(col(quote(input.dateColumn()))).as(DATE));
    // Role and text are separated by a character neither can end with, so ("ab","c") != ("a","bc").
    columns.add(fingerprint.apply(concat_ws("\u0000", canonicalRole, coalesce(text, lit("\u0001null"))))
        .as(CONTENT_HASH));
    columns.add(col(SOURCE_FILE));
    return messages.select(columns.toArray(new Column[0]));
  }

  private static Column canonicalRole(Column role, ChatInputSpec input) {
    return when(role.isin(input.userRoles().toArray()), lit(RoleSpec.USER))
        .when(role.isin(input.assistantRoles().toArray()), lit(RoleSpec.ASSISTANT))
        .otherwise(role);
  }

  /**
   * Adds {@value #CONTEXT} and {@value #CONTEXT_TURN_INDEX}: the text and turn of the latest user turn
   * before each turn among {@code turns}, or nulls when there is none.
   */
  static Dataset<Row> withPreviousUserTurn(Dataset<Row> turns) {
    var before = Window.partitionBy(CONVERSATION_ID).orderBy(TURN).rowsBetween(Window.unboundedPreceding(), -1);
    Column user = col(ROLE).equalTo(RoleSpec.USER);
    return turns
        .withColumn(CONTEXT, last(when(user, col(TEXT)), true).over(before))
        .withColumn(CONTEXT_TURN_INDEX, last(when(user, col(TURN)), true).over(before));
  }

  private static void checkKeys(Dataset<Row> turns, ChatInputSpec input) {
    Column bad = col(CONVERSATION_ID).isNull().or(col(TURN).isNull()).or(col(ROLE).isNull())
        .or(col(ROLE).equalTo("")).or(col(DATE).isNull());
    List<Row> first = turns.filter(bad).limit(1).collectAsList();
    if (first.isEmpty()) {
      return;
    }
    Row row = first.get(0);
    String missing = row.isNullAt(row.fieldIndex(CONVERSATION_ID)) ? "conversation id (" + input.conversationIdColumn() + ")"
        : row.isNullAt(row.fieldIndex(TURN)) ? "turn index (" + (input.shape() == InputShape.MESSAGES ? input.turnColumn() : "message position") + ")"
        : row.isNullAt(row.fieldIndex(DATE)) ? "date YYYY-MM-DD (" + input.dateColumn() + ")"
        : "role";
    throw WinnowErrors.invalid(null, "input row without a valid " + missing + " in "
        + row.getAs(SOURCE_FILE) + (row.isNullAt(row.fieldIndex(CONVERSATION_ID)) ? ""
            : ", conversation " + row.getAs(CONVERSATION_ID)) + "; every turn needs a conversation id, turn, role and date");
  }

  /**
   * One row per key: the latest content (latest date, then timestamp, then highest hash), as first
   * delivered (earliest date and timestamp with that content). A message re-delivered unchanged
   * thus keeps the date it first arrived on, whether the nights are read one by one or together.
   */
  private static Dataset<Row> deduplicate(Dataset<Row> turns) {
    var firstDelivery = Window.partitionBy(CONVERSATION_ID, TURN, CONTENT_HASH)
        .orderBy(col(DATE).asc(), col(TIMESTAMP).asc_nulls_last());
    var latestContent = Window.partitionBy(CONVERSATION_ID, TURN)
        .orderBy(col(DATE).desc(), col(TIMESTAMP).desc_nulls_last(), col(CONTENT_HASH).desc());
    return turns
        .withColumn("_rank", row_number().over(firstDelivery)).filter(col("_rank").equalTo(1))
        .withColumn("_rank", row_number().over(latestContent)).filter(col("_rank").equalTo(1))
        .drop("_rank");
  }

  private static void require(StructType schema, String key, String column, String expected) {
    if (!Arrays.asList(schema.fieldNames()).contains(column)) {
      throw new ConfigError(key, "no column '" + column + "' in the input"
          + (expected == null ? "" : " (expected " + expected + ")") + "; its columns are "
          + Arrays.toString(schema.fieldNames()));
    }
  }

  private static void checkMessages(DataType type, String column) {
    if (type instanceof ArrayType array && array.elementType() instanceof StructType struct
        && Arrays.asList(struct.fieldNames()).containsAll(List.of("role", "content"))) {
      return;
    }
    throw new ConfigError("input.messages_column", "column '" + column + "' has type " + type.simpleString()
        + "; expected an array of structs with fields role and content");
  }

  private static String quote(String name) {
    return "`" + name.replace("`", "``") + "`";
  }
}
