package org.ecgplatform.etl.detect;

import java.util.LinkedHashMap;
import java.util.Map;
import org.ecgplatform.common.ConfigException;
import org.ecgplatform.common.ConfigValues;

/**
 * Settings of {@link QrsDetector}, validated on construction: every message names the key and the
 * bad value. Durations are in seconds, so one config serves every sampling rate; thresholds are
 * fractions of the local typical beat of the fused detection signal (see {@link QrsDetector} for
 * where each enters).
 *
 * <p>Keys (for {@link #fromMap} and {@link #with}; kebab-case, under {@value #PREFIX}) and defaults:
 *
 * <pre>
 * low-pass-s              0.025  width of each of the two boxcar smoothers (-3 dB near 18 Hz)
 * slope-lag-s             0.010  half-span of the central difference (the slope)
 * integration-s           0.120  moving-window integration of the squared slope
 * refractory-s            0.200  no second beat closer than this
 * t-wave-window-s         0.360  a smaller candidate this soon after a beat may be its T wave
 * t-wave-ratio            0.5    ... and is one when lower than this fraction of that beat
 * initial-threshold       0.25   first pass: detection threshold
 * threshold-fraction      0.15   refined passes: threshold = noise + fraction * (1 - noise)
 * search-back-rr          1.66   search back when no beat came for this many mean RR intervals
 * search-back-fraction    0.22   search back accepts candidates above this fraction of recent beats
 * level-window-s          6.0    half-width of the window for beat and noise levels, per lead
 * noise-quantile          0.8    noise level = this quantile of the peaks that are not beats
 * lead-weight-power       1.5    lead weight = (beat level / noise level) ^ power
 * min-kurtosis            1.0    a lead whose slope has less excess kurtosis is treated as noise
 * min-qrs-mv              0.03   a lead whose beats are smaller than this QRS amplitude is silent
 * refinement-passes       2      passes that re-estimate levels from the previous pass's beats
 * flat-run-s              0.150  this many identical samples in a row are a dead lead (invalid)
 * fiducial-window-s       0.080  half-width of the fiducial search on the primary lead
 * fiducial-fraction       0.7    fiducial = first extremum reaching this fraction of the largest
 * </pre>
 *
 * <p>How the defaults were chosen: refractory period, T-wave window and ratio and the 1.66 RR
 * search-back are Pan and Tompkins's (1985); their filters (a low-pass of two 30 ms boxcars, a 10 ms
 * derivative, a 150 ms integration window at 200 Hz) were the starting point for the widths. The
 * other values, and the narrower 25 ms smoothers and 120 ms window, were set by looking at the
 * errors on all 48 MIT-BIH Arrhythmia Database records (gross statistics, never per record); see
 * {@code docs/qrs-detector.md}.
 *
 * @param lowPassS width of each boxcar smoother, s
 * @param slopeLagS half-span of the central difference, s
 * @param integrationS moving-window integration width, s
 * @param refractoryS minimum distance between two beats, s
 * @param tWaveWindowS window after a beat in which small candidates are tested as T waves, s
 * @param tWaveRatio height ratio under which such a candidate is a T wave
 * @param initialThreshold detection threshold of the first pass (fraction of the typical beat)
 * @param thresholdFraction refined threshold = noise + fraction × (beat − noise), beat = 1
 * @param searchBackRr search back after this many mean RR intervals without a beat
 * @param searchBackFraction search-back threshold, fraction of the median recent beat height
 * @param levelWindowS half-width of the level windows, s
 * @param noiseQuantile quantile of non-beat peak heights taken as the noise level
 * @param leadWeightPower exponent of the per-lead signal-to-noise weight
 * @param minKurtosis minimum excess kurtosis of a lead's slope for it to count as ECG
 * @param minQrsMv smallest QRS amplitude a lead's typical beat may have, mV
 * @param refinementPasses number of refinement passes (0 keeps the first pass)
 * @param flatRunS identical consecutive samples over this duration mark a dead lead, s
 * @param fiducialWindowS half-width of the fiducial search, s
 * @param fiducialFraction fraction of the largest deflection the fiducial extremum must reach
 */
public record QrsDetectorConfig(
    double lowPassS,
    double slopeLagS,
    double integrationS,
    double refractoryS,
    double tWaveWindowS,
    double tWaveRatio,
    double initialThreshold,
    double thresholdFraction,
    double searchBackRr,
    double searchBackFraction,
    double levelWindowS,
    double noiseQuantile,
    double leadWeightPower,
    double minKurtosis,
    double minQrsMv,
    int refinementPasses,
    double flatRunS,
    double fiducialWindowS,
    double fiducialFraction) implements java.io.Serializable {

  private static final long serialVersionUID = 1L;

  /** Prefix of every key. */
  public static final String PREFIX = "etl.detect.";
  public static final String LOW_PASS_S = PREFIX + "low-pass-s";
  public static final String SLOPE_LAG_S = PREFIX + "slope-lag-s";
  public static final String INTEGRATION_S = PREFIX + "integration-s";
  public static final String REFRACTORY_S = PREFIX + "refractory-s";
  public static final String T_WAVE_WINDOW_S = PREFIX + "t-wave-window-s";
  public static final String T_WAVE_RATIO = PREFIX + "t-wave-ratio";
  public static final String INITIAL_THRESHOLD = PREFIX + "initial-threshold";
  public static final String THRESHOLD_FRACTION = PREFIX + "threshold-fraction";
  public static final String SEARCH_BACK_RR = PREFIX + "search-back-rr";
  public static final String SEARCH_BACK_FRACTION = PREFIX + "search-back-fraction";
  public static final String LEVEL_WINDOW_S = PREFIX + "level-window-s";
  public static final String NOISE_QUANTILE = PREFIX + "noise-quantile";
  public static final String LEAD_WEIGHT_POWER = PREFIX + "lead-weight-power";
  public static final String MIN_KURTOSIS = PREFIX + "min-kurtosis";
  public static final String MIN_QRS_MV = PREFIX + "min-qrs-mv";
  public static final String REFINEMENT_PASSES = PREFIX + "refinement-passes";
  public static final String FLAT_RUN_S = PREFIX + "flat-run-s";
  public static final String FIDUCIAL_WINDOW_S = PREFIX + "fiducial-window-s";
  public static final String FIDUCIAL_FRACTION = PREFIX + "fiducial-fraction";

  private static final Map<String, String> DEFAULTS = defaultValues();

  private static Map<String, String> defaultValues() {
    Map<String, String> d = new LinkedHashMap<>();
    d.put(LOW_PASS_S, "0.025");
    d.put(SLOPE_LAG_S, "0.010");
    d.put(INTEGRATION_S, "0.120");
    d.put(REFRACTORY_S, "0.200");
    d.put(T_WAVE_WINDOW_S, "0.360");
    d.put(T_WAVE_RATIO, "0.5");
    d.put(INITIAL_THRESHOLD, "0.25");
    d.put(THRESHOLD_FRACTION, "0.15");
    d.put(SEARCH_BACK_RR, "1.66");
    d.put(SEARCH_BACK_FRACTION, "0.22");
    d.put(LEVEL_WINDOW_S, "6.0");
    d.put(NOISE_QUANTILE, "0.8");
    d.put(LEAD_WEIGHT_POWER, "1.5");
    d.put(MIN_KURTOSIS, "1.0");
    d.put(MIN_QRS_MV, "0.03");
    d.put(REFINEMENT_PASSES, "2");
    d.put(FLAT_RUN_S, "0.150");
    d.put(FIDUCIAL_WINDOW_S, "0.080");
    d.put(FIDUCIAL_FRACTION, "0.7");
    return Map.copyOf(d);
  }

  public QrsDetectorConfig {
    requireDuration(LOW_PASS_S, lowPassS, 0.001, 0.2);
    requireDuration(SLOPE_LAG_S, slopeLagS, 0.001, 0.1);
    requireDuration(INTEGRATION_S, integrationS, 0.01, 0.5);
    requireDuration(REFRACTORY_S, refractoryS, 0.05, 1.0);
    require(T_WAVE_WINDOW_S, tWaveWindowS, tWaveWindowS >= refractoryS && tWaveWindowS <= 1.0,
        "a duration in [refractory-s = " + refractoryS + ", 1] s");
    requireFraction(T_WAVE_RATIO, tWaveRatio);
    requireFraction(INITIAL_THRESHOLD, initialThreshold);
    requireFraction(THRESHOLD_FRACTION, thresholdFraction);
    require(SEARCH_BACK_RR, searchBackRr, searchBackRr > 1 && searchBackRr <= 10, "a factor in (1, 10]");
    requireFraction(SEARCH_BACK_FRACTION, searchBackFraction);
    requireDuration(LEVEL_WINDOW_S, levelWindowS, 1.0, 60.0);
    requireFraction(NOISE_QUANTILE, noiseQuantile);
    require(LEAD_WEIGHT_POWER, leadWeightPower, leadWeightPower >= 0 && leadWeightPower <= 10, "an exponent in [0, 10]");
    require(MIN_KURTOSIS, minKurtosis, Double.isFinite(minKurtosis) && minKurtosis >= -3, "an excess kurtosis >= -3 (-3 disables the test)");
    require(MIN_QRS_MV, minQrsMv, minQrsMv >= 0 && minQrsMv <= 5, "an amplitude in [0, 5] mV");
    require(REFINEMENT_PASSES, refinementPasses, refinementPasses >= 0 && refinementPasses <= 5, "an integer in [0, 5]");
    requireDuration(FLAT_RUN_S, flatRunS, 0.01, 60.0);
    requireDuration(FIDUCIAL_WINDOW_S, fiducialWindowS, 0.0, 0.2);
    requireFraction(FIDUCIAL_FRACTION, fiducialFraction);
  }

  /** The defaults listed above. */
  public static QrsDetectorConfig defaults() {
    return fromMap(Map.of());
  }

  /**
   * Builds a config from {@value #PREFIX}{@code *} keys; missing keys take their defaults, keys
   * with other prefixes are ignored.
   *
   * @throws ConfigException for an unknown {@value #PREFIX}{@code *} key or a value that does not
   *     parse or validate
   */
  public static QrsDetectorConfig fromMap(Map<String, String> values) {
    for (String key : values.keySet()) {
      if (key.startsWith(PREFIX) && !DEFAULTS.containsKey(key)) {
        throw new ConfigException("Cannot configure the QRS detector: unknown key '" + key + "' (known keys: "
            + String.join(", ", DEFAULTS.keySet()) + ")");
      }
    }
    Map<String, String> v = new LinkedHashMap<>(DEFAULTS);
    values.forEach((k, val) -> {
      if (DEFAULTS.containsKey(k)) {
        v.put(k, val);
      }
    });
    return new QrsDetectorConfig(
        number(v, LOW_PASS_S), number(v, SLOPE_LAG_S), number(v, INTEGRATION_S), number(v, REFRACTORY_S),
        number(v, T_WAVE_WINDOW_S), number(v, T_WAVE_RATIO), number(v, INITIAL_THRESHOLD),
        number(v, THRESHOLD_FRACTION), number(v, SEARCH_BACK_RR),
        number(v, SEARCH_BACK_FRACTION), number(v, LEVEL_WINDOW_S), number(v, NOISE_QUANTILE),
        number(v, LEAD_WEIGHT_POWER), number(v, MIN_KURTOSIS), number(v, MIN_QRS_MV),
        integer(v, REFINEMENT_PASSES), number(v, FLAT_RUN_S), number(v, FIDUCIAL_WINDOW_S),
        number(v, FIDUCIAL_FRACTION));
  }

  /** The config as key/value strings ({@link #fromMap} reads them back). */
  public Map<String, String> toMap() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(LOW_PASS_S, Double.toString(lowPassS));
    m.put(SLOPE_LAG_S, Double.toString(slopeLagS));
    m.put(INTEGRATION_S, Double.toString(integrationS));
    m.put(REFRACTORY_S, Double.toString(refractoryS));
    m.put(T_WAVE_WINDOW_S, Double.toString(tWaveWindowS));
    m.put(T_WAVE_RATIO, Double.toString(tWaveRatio));
    m.put(INITIAL_THRESHOLD, Double.toString(initialThreshold));
    m.put(THRESHOLD_FRACTION, Double.toString(thresholdFraction));
    m.put(SEARCH_BACK_RR, Double.toString(searchBackRr));
    m.put(SEARCH_BACK_FRACTION, Double.toString(searchBackFraction));
    m.put(LEVEL_WINDOW_S, Double.toString(levelWindowS));
    m.put(NOISE_QUANTILE, Double.toString(noiseQuantile));
    m.put(LEAD_WEIGHT_POWER, Double.toString(leadWeightPower));
    m.put(MIN_KURTOSIS, Double.toString(minKurtosis));
    m.put(MIN_QRS_MV, Double.toString(minQrsMv));
    m.put(REFINEMENT_PASSES, Integer.toString(refinementPasses));
    m.put(FLAT_RUN_S, Double.toString(flatRunS));
    m.put(FIDUCIAL_WINDOW_S, Double.toString(fiducialWindowS));
    m.put(FIDUCIAL_FRACTION, Double.toString(fiducialFraction));
    return m;
  }

  /** A copy with one key changed (validated like {@link #fromMap}). */
  public QrsDetectorConfig with(String key, Object value) {
    Map<String, String> m = toMap();
    if (!m.containsKey(key)) {
      throw new ConfigException("Cannot configure the QRS detector: unknown key '" + key + "' (known keys: "
          + String.join(", ", m.keySet()) + ")");
    }
    m.put(key, String.valueOf(value));
    return fromMap(m);
  }

  private static double number(Map<String, String> v, String key) {
    return ConfigValues.number(v, key);
  }

  private static int integer(Map<String, String> v, String key) {
    return ConfigValues.integer(v, key);
  }

  private static void requireDuration(String key, double value, double min, double max) {
    require(key, value, value >= min && value <= max, "a duration in [" + min + ", " + max + "] s");
  }

  private static void requireFraction(String key, double value) {
    require(key, value, value > 0 && value < 1, "a fraction in (0, 1)");
  }

  private static void require(String key, Object value, boolean ok, String expected) {
    if (!ok) {
      throw ConfigException.invalid(key, value, expected);
    }
  }
}
