package dev.winnow.jobs.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * The benchmark corpus as a folder of Parquet files ({@code id: long, text: string}), written
 * without Spark so every mode, Spark or not, reads the same bytes.
 */
public final class CorpusFiles {

  static final String ID = "id";
  static final String TEXT = "text";
  private static final MessageType SCHEMA = MessageTypeParser.parseMessageType(
      "message corpus { required int64 id; required binary text (STRING); }");

  private CorpusFiles() {}

  /** Writes {@code texts} into {@code folder} (replaced) as {@code files} Parquet files of consecutive rows. */
  public static void write(Path folder, List<String> texts, int files) {
    try {
      deleteRecursively(folder);
      Files.createDirectories(folder);
      SimpleGroupFactory groups = new SimpleGroupFactory(SCHEMA);
      int perFile = (texts.size() + files - 1) / files;
      for (int f = 0, start = 0; start < texts.size(); f++, start += perFile) {
        Path file = folder.resolve(String.format("part-%05d.parquet", f));
        try (ParquetWriter<Group> writer = ExampleParquetWriter
            .builder(HadoopOutputFile.fromPath(new org.apache.hadoop.fs.Path(file.toUri()), new Configuration()))
            .withType(SCHEMA)
            .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
            .build()) {
          for (int i = start; i < Math.min(texts.size(), start + perFile); i++) {
            writer.write(groups.newGroup().append(ID, (long) i).append(TEXT, texts.get(i)));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write corpus " + folder, e);
    }
  }

  /** The texts of {@code folder}'s Parquet files, in file-name order. */
  public static List<String> read(Path folder) {
    List<String> texts = new ArrayList<>();
    try (Stream<Path> listing = Files.list(folder)) {
      for (Path file : listing.filter(p -> p.getFileName().toString().endsWith(".parquet")).sorted().toList()) {
        try (ParquetReader<Group> reader = ParquetReader
            .builder(new GroupReadSupport(), new org.apache.hadoop.fs.Path(file.toUri()))
            .withConf(new Configuration())
            .build()) {
          for (Group row = reader.read(); row != null; row = reader.read()) {
            texts.add(row.getString(TEXT, 0));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read corpus " + folder, e);
    }
    return texts;
  }

  static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
