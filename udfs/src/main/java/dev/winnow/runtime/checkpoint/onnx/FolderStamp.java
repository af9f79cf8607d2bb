package dev.winnow.runtime.checkpoint.onnx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Size, modification time and file key (inode) of each file of an imported folder: cheap to take,
 * and changed by any rewrite, truncation or replacement, so a verified folder need not be rehashed.
 */
record FolderStamp(List<FileStamp> files) {

  record FileStamp(String file, long size, FileTime modified, Object fileKey) {}

  private static final List<String> STAMPED = stampedFiles();

  /** Empty when a file is missing or unreadable. */
  static Optional<FolderStamp> of(Path folder) {
    List<FileStamp> stamps = new ArrayList<>();
    for (String file : STAMPED) {
      try {
        BasicFileAttributes attributes = Files.readAttributes(folder.resolve(file), BasicFileAttributes.class);
        stamps.add(new FileStamp(file, attributes.size(), attributes.lastModifiedTime(), attributes.fileKey()));
      } catch (IOException e) {
        return Optional.empty();
      }
    }
    return Optional.of(new FolderStamp(List.copyOf(stamps)));
  }

  private static List<String> stampedFiles() {
    List<String> files = new ArrayList<>(EncoderCheckpointWriter.FILES);
    files.add(ImportManifest.FILE_NAME);
    return List.copyOf(files);
  }
}
