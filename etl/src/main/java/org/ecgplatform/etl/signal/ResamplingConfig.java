package org.ecgplatform.etl.signal;

import org.ecgplatform.common.ConfigException;

/**
 * Target rate and anti-aliasing filter of {@link Resampler}. Immutable; validated on construction.
 *
 * <p>Defaults ({@link #defaults()}): 360 Hz (MIT-BIH's rate), 24 zero crossings per side, Kaiser
 * β = 8 (about 80 dB stop-band), cut-off at 0.9 of the lower Nyquist frequency.
 *
 * @param targetFsHz output sampling rate, Hz (integer, as are the rates of every PhysioNet ECG database)
 * @param zeroCrossings half-length of the windowed-sinc kernel in zero crossings of the sinc at the
 *     lower of the two rates; longer kernels give a narrower transition band
 * @param kaiserBeta shape of the Kaiser window; larger values give more stop-band attenuation and a
 *     wider transition band
 * @param cutoffFraction cut-off of the anti-aliasing low-pass as a fraction of the lower Nyquist
 *     frequency, in (0, 1]
 */
public record ResamplingConfig(int targetFsHz, int zeroCrossings, double kaiserBeta, double cutoffFraction) implements java.io.Serializable {
  public static final int DEFAULT_TARGET_FS_HZ = 360;
  public static final int DEFAULT_ZERO_CROSSINGS = 24;
  public static final double DEFAULT_KAISER_BETA = 8.0;
  public static final double DEFAULT_CUTOFF_FRACTION = 0.9;

  public ResamplingConfig {
    if (targetFsHz <= 0) {
      throw ConfigException.invalid("etl.target-fs-hz", targetFsHz, "a rate > 0 Hz");
    }
    if (zeroCrossings < 2 || zeroCrossings > 256) {
      throw ConfigException.invalid("resampling.zeroCrossings", zeroCrossings, "an integer in 2..256");
    }
    if (!(kaiserBeta >= 0 && kaiserBeta <= 30)) {
      throw ConfigException.invalid("resampling.kaiserBeta", kaiserBeta, "a Kaiser beta in 0..30");
    }
    if (!(cutoffFraction > 0 && cutoffFraction <= 1)) {
      throw ConfigException.invalid("resampling.cutoffFraction", cutoffFraction, "a fraction in (0, 1]");
    }
  }

  public static ResamplingConfig defaults() {
    return to(DEFAULT_TARGET_FS_HZ);
  }

  /** Default filter, given target rate. */
  public static ResamplingConfig to(int targetFsHz) {
    return new ResamplingConfig(targetFsHz, DEFAULT_ZERO_CROSSINGS, DEFAULT_KAISER_BETA, DEFAULT_CUTOFF_FRACTION);
  }
}
