package org.ecgplatform.etl.beats;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.ecgplatform.common.ConfigException;
import org.ecgplatform.etl.signal.CleaningConfig;
import org.ecgplatform.etl.signal.ResamplingConfig;

/**
 * Everything {@link BeatExtractor} needs. Immutable; validated on construction.
 *
 * <p>Defaults ({@link #defaults()}): {@link CleaningConfig#defaults()} (de Chazal median baseline
 * removal, 40 Hz zero-phase low-pass, no notch), {@link ResamplingConfig#defaults()} (360 Hz), {@link
 * WindowConfig#defaults()} (0.25 s + 0.46 s = 256 samples at 360 Hz, 10-interval local RR).
 *
 * @param cleaning filters applied at the source rate
 * @param resampling target rate and anti-aliasing filter
 * @param window beat window and RR features at the target rate
 */
public record ExtractionConfig(CleaningConfig cleaning, ResamplingConfig resampling, WindowConfig window) implements java.io.Serializable {
  public ExtractionConfig {
    if (cleaning == null) {
      throw ConfigException.invalid("extraction.cleaning", null, "a CleaningConfig");
    }
    if (resampling == null) {
      throw ConfigException.invalid("extraction.resampling", null, "a ResamplingConfig");
    }
    if (window == null) {
      throw ConfigException.invalid("extraction.window", null, "a WindowConfig");
    }
  }

  public static ExtractionConfig defaults() {
    return new ExtractionConfig(CleaningConfig.defaults(), ResamplingConfig.defaults(), WindowConfig.defaults());
  }

  /** Target sampling rate of every window, Hz. */
  public int targetFsHz() {
    return resampling.targetFsHz();
  }

  /** Window samples before the fiducial point at the target rate ({@code DatasetSchema.samplesBefore}). */
  public int samplesBefore() {
    return window.samplesBefore(resampling.targetFsHz());
  }

  /** Window samples from the fiducial point on at the target rate ({@code DatasetSchema.samplesAfter}). */
  public int samplesAfter() {
    return window.samplesAfter(resampling.targetFsHz());
  }

  /**
   * The settings that change a window's samples or a beat's RR inputs without changing the
   * window's shape, as {@code etl.*} key and value: a dataset's contract records them ({@code
   * DatasetSchema.settings}), so that a model is not given beats prepared otherwise. The rate and
   * the window's length are recorded apart.
   */
  public Map<String, String> contractSettings() {
    Map<String, String> m = new TreeMap<>();
    m.put("etl.cleaning.baseline", cleaning.baseline().name().toLowerCase(Locale.ROOT));
    m.put("etl.cleaning.lowpass-hz", Double.toString(cleaning.lowPassHz()));
    m.put("etl.cleaning.notch-hz", Double.toString(cleaning.notchHz()));
    m.put("etl.window.local-rr-intervals", Integer.toString(window.localRrIntervals()));
    m.put("etl.window.long-rr-intervals", Integer.toString(window.longRrIntervals()));
    return m;
  }
}
