package org.ecgplatform.evaluation.explain;

import java.util.Locale;

/** Times from a record's start as {@code hh:mm:ss.SSS}, how a reviewer finds a beat in a record viewer. */
public final class ClockTime {
  private ClockTime() {}

  /** {@code 754.5678} → {@code 00:12:34.568}; negative times keep their sign. */
  public static String format(double seconds) {
    long ms = Math.round(Math.abs(seconds) * 1000);
    return String.format(Locale.ROOT, "%s%02d:%02d:%02d.%03d", seconds < 0 ? "-" : "", ms / 3_600_000, ms / 60_000 % 60,
        ms / 1000 % 60, ms % 1000);
  }
}
