package dev.winnow.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The project version the build stamped into {@code winnow-version.properties}. */
public final class WinnowVersion {

  private static final String RESOURCE = "/dev/winnow/jobs/winnow-version.properties";

  private WinnowVersion() {}

  public static String get() {
    try (InputStream in = WinnowVersion.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
