package org.ecgplatform.etl.beats;

import org.ecgplatform.common.ConfigException;

/**
 * The beat window and RR features of {@link BeatSegmenter}. Immutable; validated on construction.
 *
 * <p>Defaults ({@link #defaults()}): 0.25 s before and 0.46 s after the fiducial point, which at
 * 360 Hz is 90 + 166 = 256 samples, the input length of the reference CNN+LSTM; it covers the P wave
 * (up to ~0.2 s before the R peak) and the T wave (ending ~0.4 s after it at normal rates). The
 * local RR mean uses the 10 preceding RR intervals.
 *
 * @param beforeS window length before the fiducial point, seconds ({@code round(beforeS·fs)} samples)
 * @param afterS window length from the fiducial point on (included), seconds ({@code round(afterS·fs)}
 *     samples)
 * @param localRrIntervals number of preceding RR intervals averaged into the local RR feature
 * @param longRrIntervals number of preceding RR intervals averaged into a second, longer local RR
 *     feature ({@code rr_long_s}); 0 (the default) writes no such column
 */
public record WindowConfig(double beforeS, double afterS, int localRrIntervals, int longRrIntervals)
    implements java.io.Serializable {
  public static final double DEFAULT_BEFORE_S = 0.25;
  public static final double DEFAULT_AFTER_S = 0.46;
  public static final int DEFAULT_LOCAL_RR_INTERVALS = 10;

  public WindowConfig {
    if (!(beforeS >= 0 && beforeS <= 10)) {
      throw ConfigException.invalid("etl.window.before-s", beforeS, "a duration in 0..10 s");
    }
    if (!(afterS > 0 && afterS <= 10)) {
      throw ConfigException.invalid("etl.window.after-s", afterS, "a duration in (0, 10] s");
    }
    if (localRrIntervals < 1) {
      throw ConfigException.invalid("etl.window.local-rr-intervals", localRrIntervals, "an integer >= 1");
    }
    if (longRrIntervals < 0) {
      throw ConfigException.invalid("etl.window.long-rr-intervals", longRrIntervals, "an integer >= 0 (0: no column)");
    }
  }

  /** A window without the longer RR average. */
  public WindowConfig(double beforeS, double afterS, int localRrIntervals) {
    this(beforeS, afterS, localRrIntervals, 0);
  }

  /** Whether the dataset gets the {@code rr_long_s} column. */
  public boolean longRr() {
    return longRrIntervals > 0;
  }

  public static WindowConfig defaults() {
    return new WindowConfig(DEFAULT_BEFORE_S, DEFAULT_AFTER_S, DEFAULT_LOCAL_RR_INTERVALS);
  }

  /** Window samples before the fiducial point at {@code fsHz}. */
  public int samplesBefore(double fsHz) {
    return (int) Math.round(beforeS * fsHz);
  }

  /** Window samples from the fiducial point on at {@code fsHz}; at least 1. */
  public int samplesAfter(double fsHz) {
    return (int) Math.max(1, Math.round(afterS * fsHz));
  }
}
