package org.ecgplatform.etl.signal;

import org.ecgplatform.common.ConfigException;

/**
 * How {@link SignalCleaner} cleans a lead. Immutable; validated on construction.
 *
 * <p>Defaults ({@link #defaults()}): baseline removal by de Chazal's two median filters of
 * 0.2 s and 0.6 s; zero-phase Butterworth low-pass of order 4 at 40 Hz; no mains notch (notch Q 30
 * when enabled); high-pass settings (order 2 at 0.5 Hz) used only with {@link Baseline#HIGH_PASS}.
 *
 * @param baseline how baseline wander is removed
 * @param medianShortS first median window, seconds (de Chazal: 0.2 s, removes QRS and P waves)
 * @param medianLongS second median window, seconds (de Chazal: 0.6 s, removes T waves)
 * @param highPassHz -3 dB cut-off of the zero-phase high-pass, Hz (used with {@code HIGH_PASS})
 * @param highPassOrder Butterworth order of the high-pass (per pass; filtfilt doubles it)
 * @param lowPassHz -3 dB cut-off of the zero-phase low-pass, Hz; 0 disables it
 * @param lowPassOrder Butterworth order of the low-pass (per pass)
 * @param notchHz mains frequency to notch out (typically 50 or 60), Hz; 0 disables it
 * @param notchQuality notch quality factor (centre frequency / -3 dB bandwidth)
 */
public record CleaningConfig(
    Baseline baseline,
    double medianShortS,
    double medianLongS,
    double highPassHz,
    int highPassOrder,
    double lowPassHz,
    int lowPassOrder,
    double notchHz,
    double notchQuality) implements java.io.Serializable {

  /** Baseline-wander removal method. */
  public enum Baseline {
    /** Leave the baseline alone. */
    NONE,
    /** Subtract the output of two cascaded median filters (de Chazal et al. 2004). */
    MEDIAN,
    /** Zero-phase Butterworth high-pass. */
    HIGH_PASS
  }

  public static final double DEFAULT_MEDIAN_SHORT_S = 0.2;
  public static final double DEFAULT_MEDIAN_LONG_S = 0.6;
  public static final double DEFAULT_HIGH_PASS_HZ = 0.5;
  public static final int DEFAULT_HIGH_PASS_ORDER = 2;
  public static final double DEFAULT_LOW_PASS_HZ = 40.0;
  public static final int DEFAULT_LOW_PASS_ORDER = 4;
  public static final double DEFAULT_NOTCH_QUALITY = 30.0;

  public CleaningConfig {
    if (baseline == null) {
      throw ConfigException.invalid("etl.cleaning.baseline", null, "one of NONE, MEDIAN, HIGH_PASS");
    }
    if (!(medianShortS > 0)) {
      throw ConfigException.invalid("cleaning.medianShortS", medianShortS, "a duration > 0 s");
    }
    if (!(medianLongS >= medianShortS)) {
      throw ConfigException.invalid("cleaning.medianLongS", medianLongS, "a duration >= medianShortS " + medianShortS + " s");
    }
    if (!(highPassHz > 0)) {
      throw ConfigException.invalid("cleaning.highPassHz", highPassHz, "a frequency > 0 Hz");
    }
    checkOrder("cleaning.highPassOrder", highPassOrder);
    if (!(lowPassHz >= 0)) {
      throw ConfigException.invalid("etl.cleaning.lowpass-hz", lowPassHz, "a frequency > 0 Hz, or 0 to disable");
    }
    checkOrder("cleaning.lowPassOrder", lowPassOrder);
    if (!(notchHz >= 0)) {
      throw ConfigException.invalid("etl.cleaning.notch-hz", notchHz, "a frequency > 0 Hz (50 or 60), or 0 to disable");
    }
    if (!(notchQuality > 0)) {
      throw ConfigException.invalid("cleaning.notchQuality", notchQuality, "a quality factor > 0");
    }
  }

  /** Median baseline removal, 40 Hz low-pass, no notch. */
  public static CleaningConfig defaults() {
    return new CleaningConfig(
        Baseline.MEDIAN,
        DEFAULT_MEDIAN_SHORT_S,
        DEFAULT_MEDIAN_LONG_S,
        DEFAULT_HIGH_PASS_HZ,
        DEFAULT_HIGH_PASS_ORDER,
        DEFAULT_LOW_PASS_HZ,
        DEFAULT_LOW_PASS_ORDER,
        0.0,
        DEFAULT_NOTCH_QUALITY);
  }

  /** No cleaning at all: the signal passes unchanged. */
  public static CleaningConfig none() {
    return defaults().withBaseline(Baseline.NONE).withLowPassHz(0.0);
  }

  public CleaningConfig withBaseline(Baseline value) {
    return new CleaningConfig(value, medianShortS, medianLongS, highPassHz, highPassOrder, lowPassHz,
        lowPassOrder, notchHz, notchQuality);
  }

  public CleaningConfig withLowPassHz(double value) {
    return new CleaningConfig(baseline, medianShortS, medianLongS, highPassHz, highPassOrder, value,
        lowPassOrder, notchHz, notchQuality);
  }

  public CleaningConfig withNotchHz(double value) {
    return new CleaningConfig(baseline, medianShortS, medianLongS, highPassHz, highPassOrder, lowPassHz,
        lowPassOrder, value, notchQuality);
  }

  public CleaningConfig withHighPassHz(double value) {
    return new CleaningConfig(baseline, medianShortS, medianLongS, value, highPassOrder, lowPassHz,
        lowPassOrder, notchHz, notchQuality);
  }

  private static void checkOrder(String key, int order) {
    if (order < 1 || order > Butterworth.MAX_ORDER) {
      throw ConfigException.invalid(key, order, "a Butterworth order in 1.." + Butterworth.MAX_ORDER);
    }
  }
}
