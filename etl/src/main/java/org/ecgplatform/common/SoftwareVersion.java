package org.ecgplatform.common;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The platform's version, as Maven wrote it into {@code ecg-platform-version.properties}. */
public final class SoftwareVersion {
  private static final String VERSION = load();

  private SoftwareVersion() {}

  public static String get() {
    return VERSION;
  }

  private static String load() {
    try (InputStream in = SoftwareVersion.class.getResourceAsStream("/ecg-platform-version.properties")) {
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
