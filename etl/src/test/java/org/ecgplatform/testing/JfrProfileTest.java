package org.ecgplatform.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JfrProfileTest {
  private static volatile double sink;

  @Test
  void aMethodThatKeepsTheCpuBusyIsNamedAndASleepingThreadIsNot(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("spin.jfr");
    Thread sleeper = new Thread(() -> {
      try {
        Thread.sleep(60_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "sleeper");
    sleeper.start();
    try (Recording r = new Recording()) {
      r.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
      r.enable("jdk.NativeMethodSample").withPeriod(Duration.ofMillis(10));
      r.start();
      spin(800);
      r.stop();
      r.dump(file);
    } finally {
      sleeper.interrupt();
    }

    String summary = JfrProfile.summarise(file, 10);

    assertThat(summary).startsWith("JFR profile of " + file + ": ");
    String self = summary.substring(summary.indexOf("Self: the sampled method:"), summary.indexOf("Inclusive:"));
    assertThat(self).as(summary).contains(JfrProfileTest.class.getName() + ".spin");
    assertThat(summary).as("a thread asleep in Java is not sampled").doesNotContain("sleeper");
    assertThat(summary).contains("By category of the sampled method:").contains("By network part");
  }

  /** Keeps this thread on the CPU for about {@code millis} ms. */
  private static void spin(long millis) {
    long end = System.nanoTime() + millis * 1_000_000L;
    double x = 0;
    while (System.nanoTime() < end) {
      for (int i = 0; i < 10_000; i++) {
        x += Math.sqrt(i + x);
      }
    }
    sink = x;
  }
}
