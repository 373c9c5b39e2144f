package org.ecgplatform.training.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The printed and written report of a one-lever benchmark main (not a test). */
final class BenchReport {
  private final StringBuilder text = new StringBuilder();

  /** The {@code i}-th argument as an integer, or {@code fallback} when it is not given. */
  static int intArg(String[] args, int i, int fallback) {
    return args.length > i ? Integer.parseInt(args[i]) : fallback;
  }

  /** The system's load average over the last minute. */
  static double load() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  /** Prints one formatted line and keeps it for the file. */
  void line(String fmt, Object... args) {
    String s = String.format(Locale.ROOT, fmt, args);
    System.out.println(s);
    text.append(s).append('\n');
  }

  /** Writes the lines to {@code training/target/bench/<name>} (from the project root or the module). */
  void write(String name) throws IOException {
    Path out = Files.isDirectory(Path.of("training")) ? Path.of("training/target/bench") : Path.of("target/bench");
    Files.createDirectories(out);
    Files.writeString(out.resolve(name), text.toString(), StandardCharsets.UTF_8);
    System.out.println("wrote " + out.resolve(name).toAbsolutePath());
  }
}
