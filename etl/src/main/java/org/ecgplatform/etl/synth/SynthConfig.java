package org.ecgplatform.etl.synth;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.ecgplatform.common.ConfigException;
import org.ecgplatform.common.ConfigLoader;
import org.ecgplatform.common.ConfigValues;
import org.ecgplatform.etl.wfdb.SignalFormat;

/**
 * Settings of a synthetic database, validated on construction: every message names the key and
 * the bad value.
 *
 * <p>Keys ({@code synth.*}, kebab-case like every project key) and their defaults are documented
 * in the {@code synth} block of etl's {@code reference.conf}, the one place the defaults live: the
 * command line reads them through {@link #from(Config)}, tests and tools through {@link #fromMap}.
 *
 * With a spread above 0 the fractions, heart rate, noise and wander are each patient's centre:
 * a patient draws its own values around them (see {@link PatientTraits}).
 *
 * Ectopic beats (V and A) are never followed directly by another ectopic beat, so that each has
 * its post-ectopic sinus beat; hence {@code fraction-v + fraction-s <= 0.5}.
 */
public record SynthConfig(
    int records,
    double durationS,
    double fsHz,
    double gainAdcPerMv,
    int format,
    int leads,
    double fractionV,
    double fractionS,
    double fractionF,
    double meanHrBpm,
    double hrStdBpm,
    double lfHfRatio,
    double snrDb,
    double baselineWanderMv,
    double respirationHz,
    double patientSpread,
    long seed) {

  /** The configuration root of these settings. */
  public static final String ROOT = "synth";
  public static final String RECORDS = "synth.records";
  public static final String DURATION_S = "synth.duration-s";
  public static final String FS_HZ = "synth.fs-hz";
  public static final String GAIN_ADC_PER_MV = "synth.gain-adc-per-mv";
  public static final String FORMAT = "synth.format";
  public static final String LEADS = "synth.leads";
  public static final String FRACTION_V = "synth.fraction-v";
  public static final String FRACTION_S = "synth.fraction-s";
  public static final String FRACTION_F = "synth.fraction-f";
  public static final String MEAN_HR_BPM = "synth.mean-hr-bpm";
  public static final String HR_STD_BPM = "synth.hr-std-bpm";
  public static final String LF_HF_RATIO = "synth.lf-hf-ratio";
  public static final String SNR_DB = "synth.snr-db";
  public static final String BASELINE_WANDER_MV = "synth.baseline-wander-mv";
  public static final String RESPIRATION_HZ = "synth.respiration-hz";
  public static final String PATIENT_SPREAD = "synth.patient-spread";
  public static final String SEED = "synth.seed";

  /** Most samples one record may hold per lead (2^27, about 4 days at 360 Hz). */
  public static final long MAX_SAMPLES_PER_LEAD = 1L << 27;

  private static final Map<String, String> DEFAULTS = defaults();

  /** The {@code synth} block of reference.conf as {@code synth.<key> -> value} strings. */
  private static Map<String, String> defaults() {
    Map<String, String> d = new LinkedHashMap<>();
    Config reference = ConfigFactory.defaultReference().getConfig(ROOT);
    for (String key : List.of(RECORDS, DURATION_S, FS_HZ, GAIN_ADC_PER_MV, FORMAT, LEADS, FRACTION_V, FRACTION_S,
        FRACTION_F, MEAN_HR_BPM, HR_STD_BPM, LF_HF_RATIO, SNR_DB, BASELINE_WANDER_MV, RESPIRATION_HZ, PATIENT_SPREAD, SEED)) {
      d.put(key, String.valueOf(reference.getValue(key.substring(ROOT.length() + 1)).unwrapped()));
    }
    return Map.copyOf(d);
  }

  public SynthConfig {
    require(RECORDS, records, records >= 1, "an integer >= 1");
    require(DURATION_S, durationS, durationS >= 10 && Double.isFinite(durationS), "a number of seconds >= 10");
    require(FS_HZ, fsHz, fsHz >= 100 && fsHz <= 10_000, "a sampling frequency in [100, 10000] Hz");
    require(DURATION_S, durationS, (long) Math.ceil(durationS * fsHz) <= MAX_SAMPLES_PER_LEAD,
        "at most " + MAX_SAMPLES_PER_LEAD + " samples per lead at " + fsHz + " Hz");
    require(GAIN_ADC_PER_MV, gainAdcPerMv, gainAdcPerMv > 0 && Double.isFinite(gainAdcPerMv), "a positive number of ADC units per mV");
    require(FORMAT, format, format == 212 || format == 16, "212 or 16");
    require(LEADS, leads, leads >= 1 && leads <= Morphology.MAX_LEADS, "1 or 2");
    requireFraction(FRACTION_V, fractionV);
    requireFraction(FRACTION_S, fractionS);
    requireFraction(FRACTION_F, fractionF);
    require(FRACTION_V + " + " + FRACTION_S, fractionV + fractionS, fractionV + fractionS <= 0.5,
        "at most 0.5: an ectopic beat is always followed by an on-time beat");
    require(FRACTION_F, fractionF, fractionF <= 1 - fractionV - fractionS,
        "at most 1 - " + FRACTION_V + " - " + FRACTION_S + " = " + (1 - fractionV - fractionS));
    require(MEAN_HR_BPM, meanHrBpm, meanHrBpm >= 30 && meanHrBpm <= 150, "a heart rate in [30, 150] bpm");
    require(HR_STD_BPM, hrStdBpm, hrStdBpm >= 0 && hrStdBpm <= meanHrBpm / 6, "in [0, " + MEAN_HR_BPM + " / 6] bpm");
    require(LF_HF_RATIO, lfHfRatio, lfHfRatio > 0 && Double.isFinite(lfHfRatio), "a positive ratio");
    require(SNR_DB, snrDb, !Double.isNaN(snrDb) && snrDb > -20, "a number of dB > -20, or inf for no noise");
    require(BASELINE_WANDER_MV, baselineWanderMv, baselineWanderMv >= 0 && baselineWanderMv <= 5, "an amplitude in [0, 5] mV");
    require(RESPIRATION_HZ, respirationHz, respirationHz > 0 && respirationHz <= 1, "a frequency in (0, 1] Hz");
    require(PATIENT_SPREAD, patientSpread, patientSpread >= 0 && patientSpread <= 1,
        "in [0, 1]: 0 for identical patients, 1 for the full spread");
  }

  /** The defaults of reference.conf. */
  public static SynthConfig defaultConfig() {
    return fromMap(Map.of());
  }

  /**
   * Builds a config from the {@code synth} block of a merged configuration (see {@code
   * ConfigLoader}; its keys are already checked against reference.conf).
   */
  public static SynthConfig from(Config merged) {
    Map<String, String> values = new LinkedHashMap<>();
    for (Map.Entry<String, ConfigValue> e : merged.getConfig(ROOT).entrySet()) {
      values.put(ROOT + "." + e.getKey(), String.valueOf(e.getValue().unwrapped()));
    }
    return fromMap(values);
  }

  /**
   * Builds a config from {@code synth.*} keys (missing keys take their defaults).
   *
   * @throws ConfigException for an unknown {@code synth.*} key or a value that does not parse or validate
   */
  public static SynthConfig fromMap(Map<String, String> values) {
    Set<String> known = DEFAULTS.keySet();
    for (String key : values.keySet()) {
      if (key.startsWith("synth.") && !known.contains(key)) {
        throw unknownKey(key);
      }
    }
    Map<String, String> v = new LinkedHashMap<>(DEFAULTS);
    values.forEach((k, val) -> {
      if (known.contains(k)) {
        v.put(k, val);
      }
    });
    return new SynthConfig(
        parseInt(v, RECORDS), parseDouble(v, DURATION_S), parseDouble(v, FS_HZ), parseDouble(v, GAIN_ADC_PER_MV),
        parseInt(v, FORMAT), parseInt(v, LEADS), parseDouble(v, FRACTION_V), parseDouble(v, FRACTION_S),
        parseDouble(v, FRACTION_F), parseDouble(v, MEAN_HR_BPM), parseDouble(v, HR_STD_BPM),
        parseDouble(v, LF_HF_RATIO), parseDouble(v, SNR_DB), parseDouble(v, BASELINE_WANDER_MV),
        parseDouble(v, RESPIRATION_HZ), parseDouble(v, PATIENT_SPREAD), parseLong(v, SEED));
  }

  /** The config as {@code synth.*} key/value strings ({@link #fromMap} reads them back). */
  public Map<String, String> toMap() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(RECORDS, Integer.toString(records));
    m.put(DURATION_S, Double.toString(durationS));
    m.put(FS_HZ, Double.toString(fsHz));
    m.put(GAIN_ADC_PER_MV, Double.toString(gainAdcPerMv));
    m.put(FORMAT, Integer.toString(format));
    m.put(LEADS, Integer.toString(leads));
    m.put(FRACTION_V, Double.toString(fractionV));
    m.put(FRACTION_S, Double.toString(fractionS));
    m.put(FRACTION_F, Double.toString(fractionF));
    m.put(MEAN_HR_BPM, Double.toString(meanHrBpm));
    m.put(HR_STD_BPM, Double.toString(hrStdBpm));
    m.put(LF_HF_RATIO, Double.toString(lfHfRatio));
    m.put(SNR_DB, Double.isInfinite(snrDb) ? "inf" : Double.toString(snrDb));
    m.put(BASELINE_WANDER_MV, Double.toString(baselineWanderMv));
    m.put(RESPIRATION_HZ, Double.toString(respirationHz));
    m.put(PATIENT_SPREAD, Double.toString(patientSpread));
    m.put(SEED, Long.toString(seed));
    return m;
  }

  /** A copy with one key changed (string value, validated like {@link #fromMap}). */
  public SynthConfig with(String key, Object value) {
    Map<String, String> m = toMap();
    if (!m.containsKey(key)) {
      throw unknownKey(key);
    }
    m.put(key, String.valueOf(value));
    return fromMap(m);
  }

  /** The WFDB signal format of {@link #format()}. */
  public SignalFormat signalFormat() {
    return SignalFormat.ofCode(format).orElseThrow();
  }

  /** Samples per lead of each record. */
  public int samplesPerLead() {
    return (int) Math.round(durationS * fsHz);
  }

  /** Mean sinus RR interval, seconds. */
  public double meanRrS() {
    return 60.0 / meanHrBpm;
  }

  private static ConfigException unknownKey(String key) {
    String renamed = ConfigLoader.kebabPath(key);
    return new ConfigException("Cannot configure the generator: unknown key '" + key + "' ("
        + (DEFAULTS.containsKey(renamed) ? "renamed to " + renamed : "known keys: " + String.join(", ", new TreeSet<>(DEFAULTS.keySet())))
        + ")");
  }

  private static void require(String key, Object value, boolean ok, String expected) {
    if (!ok) {
      throw ConfigException.invalid(key, value, expected);
    }
  }

  private static void requireFraction(String key, double value) {
    require(key, value, value >= 0 && value <= 1, "a fraction in [0, 1]");
  }

  private static int parseInt(Map<String, String> v, String key) {
    return ConfigValues.integer(v, key);
  }

  private static long parseLong(Map<String, String> v, String key) {
    return ConfigValues.longInteger(v, key);
  }

  private static double parseDouble(Map<String, String> v, String key) {
    String s = v.get(key).strip();
    if (s.equalsIgnoreCase("inf") || s.equalsIgnoreCase("infinity")) {
      return Double.POSITIVE_INFINITY;
    }
    return ConfigValues.number(v, key);
  }
}
