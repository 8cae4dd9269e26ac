package dev.flm.util;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The FLM version, filled in from the build. */
public final class FlmVersion {
  private static final String VERSION = load();

  private FlmVersion() {}

  public static String get() {
    return VERSION;
  }

  private static String load() {
    try (InputStream in = FlmVersion.class.getResourceAsStream("/dev/flm/flm-version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
