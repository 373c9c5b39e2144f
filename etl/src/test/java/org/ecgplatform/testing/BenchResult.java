package org.ecgplatform.testing;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The result file of one throughput benchmark run, as {@code submit-scripts/benchmark-throughput.sh}
 * reads it: {@code key=value} lines {@code beats}, {@code seconds}, {@code beats_per_s}, {@code
 * loss} (empty when the run has none), {@code load_average} (this machine's, when the run ends) and
 * {@code settings}, then any extra lines the run adds. Not a test.
 */
public final class BenchResult {
  private BenchResult() {}

  /**
   * Writes the result file (creating its folder) and returns its text.
   *
   * @param extra further {@code key=value} lines, may be empty
   */
  public static String write(Path result, long beats, double seconds, String loss, String settings, String... extra)
      throws IOException {
    if (seconds <= 0) {
      throw new IllegalArgumentException("Cannot write " + result + ": " + beats + " beats in " + seconds + " s");
    }
    StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
        "beats=%d%nseconds=%.3f%nbeats_per_s=%.1f%nloss=%s%nload_average=%.2f%nsettings=%s%n", beats, seconds,
        beats / seconds, loss, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), settings));
    for (String line : extra) {
      text.append(line).append(System.lineSeparator());
    }
    Path parent = result.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(result, text, StandardCharsets.UTF_8);
    return text.toString();
  }
}
