package dev.winnow.jobs.io;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapred.FileSplit;
import org.apache.hadoop.mapred.InputSplit;
import org.apache.hadoop.mapred.TextInputFormat;
import org.apache.spark.api.java.JavaHadoopRDD;
import org.apache.spark.api.java.JavaSparkContext;
import scala.Tuple2;

/**
 * The lines of a JSON Lines input that Spark's reader cannot turn into a row (not a JSON object,
 * or not UTF-8), by file and line number, found in one pass over the files.
 *
 * <p>Spark's own reader only says that some line was malformed (a {@code _corrupt_record} column,
 * all other columns null), which loses the row's id and names no line. Lines are numbered per
 * file from each split's line count: Hadoop gives every line to exactly one split, in order.
 */
public final class MalformedLines {

  /** A malformed line; {@code why} never quotes the line (texts are not for logs). */
  public record Line(String file, long number, String why) implements Serializable {
    @Override
    public String toString() {
      return file + ":" + number + " (" + why + ")";
    }
  }

  /** What one split found: its line count and the first malformed lines, numbered within it. */
  private record SplitReport(String file, long start, long lines, List<Line> malformed, long malformedCount)
      implements Serializable {}

  /**
   * @param all every malformed line's count
   * @param first the first {@code limit} of them, in file and line order
   */
  public record Found(long all, List<Line> first) {}

  private MalformedLines() {}

  /** Reads every file under {@code path} once; keeps the first {@code limit} malformed lines. */
  public static Found find(JavaSparkContext spark, String path, int limit) {
    @SuppressWarnings("unchecked")
    JavaHadoopRDD<LongWritable, Text> lines = (JavaHadoopRDD<LongWritable, Text>)
        spark.hadoopFile(path, TextInputFormat.class, LongWritable.class, Text.class);
    List<SplitReport> splits = lines
        .mapPartitionsWithInputSplit((split, records) -> List.of(check(split, records, limit)).iterator(), false)
        .collect();
    Map<String, List<SplitReport>> byFile = new TreeMap<>();
    for (SplitReport split : splits) {
      byFile.computeIfAbsent(split.file(), f -> new ArrayList<>()).add(split);
    }
    long all = 0;
    List<Line> first = new ArrayList<>();
    for (List<SplitReport> fileSplits : byFile.values()) {
      fileSplits.sort(Comparator.comparingLong(SplitReport::start));
      long before = 0;
      for (SplitReport split : fileSplits) {
        all += split.malformedCount();
        for (Line line : split.malformed()) {
          if (first.size() < limit) {
            first.add(new Line(line.file(), before + line.number(), line.why()));
          }
        }
        before += split.lines();
      }
    }
    return new Found(all, List.copyOf(first));
  }

  private static SplitReport check(InputSplit split, Iterator<Tuple2<LongWritable, Text>> records, int limit) {
    FileSplit file = (FileSplit) split;
    ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    long lines = 0;
    long malformedCount = 0;
    List<Line> malformed = new ArrayList<>();
    while (records.hasNext()) {
      lines++;
      String why = why(records.next()._2(), json);
      if (why != null) {
        malformedCount++;
        if (malformed.size() < limit) {
          malformed.add(new Line(file.getPath().toString(), lines, why));
        }
      }
    }
    return new SplitReport(file.getPath().toString(), file.getStart(), lines, malformed, malformedCount);
  }

  /** Why Spark's JSON reader would not make a row of this line; null when it would (or skips it). */
  static String why(Text line, ObjectMapper json) {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(line.getBytes(), 0, line.getLength()))
          .toString();
    } catch (CharacterCodingException e) {
      return "invalid UTF-8";
    }
    if (text.isBlank()) {
      return null;  // Spark skips blank lines
    }
    try {
      JsonNode node = json.readTree(text);
      boolean rows = node.isObject() || (node.isArray() && allObjects(node));
      return rows ? null : "a JSON value that is not an object";
    } catch (IOException e) {
      return "not valid JSON";
    }
  }

  private static boolean allObjects(JsonNode array) {
    for (JsonNode element : array) {
      if (!element.isObject()) {
        return false;
      }
    }
    return true;
  }
}
