package org.ecgplatform.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Client commands of the cluster tests (the submit scripts, {@code spark-submit}): run from the
 * project root with a given environment and this JVM's {@code java} first on the {@code PATH},
 * output and errors into one log file.
 */
final class Processes {
  private Processes() {}

  /** Starts a command, its output into {@code log}. */
  static Process start(List<String> cmd, Map<String, String> env, Path log) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(TestJars.projectRoot().toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("PATH", Path.of(MavenSparkHome.javaHome(), "bin") + ":" + pb.environment().get("PATH"));
    pb.environment().putAll(env);
    return pb.start();
  }

  /** Runs a command to its end (at most {@code timeout}) and returns its exit status. */
  static int run(List<String> cmd, Map<String, String> env, Path log, Duration timeout)
      throws IOException, InterruptedException {
    Process p = start(cmd, env, log);
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("Cannot finish " + String.join(" ", cmd.subList(0, Math.min(2, cmd.size())))
            + " within " + timeout.toSeconds() + " s (log: " + log + ")");
      }
      return p.exitValue();
    } finally {
      stop(p);
    }
  }

  /** Kills a command and everything it started. */
  static void stop(Process p) {
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
  }

  /** Waits until {@code log} has a line containing {@code text}; fails when the process ends first. */
  static void awaitLine(Path log, String text, Process p, Duration timeout) throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (Files.exists(log) && Files.readString(log).contains(text)) {
        return;
      }
      if (!p.isAlive()) {
        throw new IllegalStateException("Cannot see '" + text + "': the process ended with " + p.exitValue()
            + " (log: " + log + ")");
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("Cannot see '" + text + "' in " + log + " within " + timeout.toSeconds() + " s");
  }
}
