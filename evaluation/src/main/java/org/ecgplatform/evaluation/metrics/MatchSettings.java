package org.ecgplatform.evaluation.metrics;

import java.io.Serializable;
import java.util.Objects;

/**
 * How a beat-by-beat comparison runs: the options of PhysioNet's {@code bxb} that the platform
 * exposes.
 *
 * @param classMapping which annotation codes are which class ({@code evaluation.class-mapping})
 * @param matchWindowS a test beat matches a reference beat at most this far away, seconds (bxb's
 *     {@code -w}, default 0.15: the 150 ms of EC38/EC57)
 * @param startS the comparison begins here, seconds from the record start (bxb's {@code -f}). bxb's
 *     own default is 300 s (EC38/EC57's five-minute learning period); the platform's default is 0,
 *     as {@code bxb -f 0}, because its detectors need no learning period and every beat counts
 */
public record MatchSettings(ClassMapping classMapping, double matchWindowS, double startS) implements Serializable {
  /** bxb's default match window, seconds. */
  public static final double DEFAULT_MATCH_WINDOW_S = 0.15;

  public MatchSettings {
    Objects.requireNonNull(classMapping, "classMapping");
    if (!(matchWindowS > 0) || matchWindowS > 10) {
      throw new IllegalArgumentException("Cannot compare beats with a match window of " + matchWindowS + " s (expected 0 < window <= 10 s)");
    }
    if (!(startS >= 0) || Double.isInfinite(startS)) {
      throw new IllegalArgumentException("Cannot begin a beat comparison at " + startS + " s (expected a time >= 0)");
    }
  }

  /** bxb's settings with {@code -f 0}: 150 ms window, from the first sample. */
  public static MatchSettings of(ClassMapping classMapping) {
    return new MatchSettings(classMapping, DEFAULT_MATCH_WINDOW_S, 0);
  }

  /** A time in seconds as a sample count, rounded as WFDB's {@code strtim} rounds it. */
  static long samples(double seconds, double fsHz) {
    return (long) (seconds * fsHz + 0.5);
  }
}
