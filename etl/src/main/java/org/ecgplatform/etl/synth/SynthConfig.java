package org.ecgplatform.etl.synth;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.ecgplatform.common.ConfigException;
import org.ecgplatform.etl.wfdb.SignalFormat;

/**
 * Settings of a synthetic database, validated on construction: every message names the key and
 * the bad value.
 *
 * <p>Keys (for {@link #fromMap}, command-line {@code key=value} overrides) and defaults:
 *
 * <pre>
 * synth.records            48      number of records
 * synth.durationS          1800    record length, seconds (mitdb: 30 min)
 * synth.fsHz               360     sampling frequency, Hz
 * synth.gainAdcPerMv       200     ADC units per mV
 * synth.format             212     WFDB signal format: 212 or 16
 * synth.leads              2       1 or 2
 * synth.fractionV          0.05    fraction of beats that are premature ventricular (V)
 * synth.fractionS          0.03    fraction of beats that are premature atrial (A, AAMI S)
 * synth.fractionF          0.01    fraction of beats that are fusion (F); the rest are N
 * synth.meanHrBpm          72      mean sinus heart rate, beats per minute
 * synth.hrStdBpm           2       standard deviation of the sinus heart rate (HRV), bpm
 * synth.lfHfRatio          0.5     LF/HF power ratio of the RR tachogram (McSharry 2003)
 * synth.snrDb              30      white Gaussian noise, signal-to-noise ratio in dB ("inf": none)
 * synth.baselineWanderMv   0.1     amplitude of the respiratory baseline wander, mV
 * synth.respirationHz      0.25    frequency of the baseline wander, Hz
 * synth.patient-spread     1       how far patients (records) differ from the values above and from
 *                                  each other, 0 (identical patients) to 1 ({@link PatientTraits})
 * synth.seed               1       seed; record i is generated from (seed, i) alone
 * </pre>
 *
 * With a spread above 0 the fractions, heart rate, noise and wander are each patient's centre:
 * a patient draws its own values around them (see {@link PatientTraits}).
 *
 * Ectopic beats (V and A) are never followed directly by another ectopic beat, so that each has
 * its post-ectopic sinus beat; hence {@code fractionV + fractionS <= 0.5}.
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

  public static final String RECORDS = "synth.records";
  public static final String DURATION_S = "synth.durationS";
  public static final String FS_HZ = "synth.fsHz";
  public static final String GAIN_ADC_PER_MV = "synth.gainAdcPerMv";
  public static final String FORMAT = "synth.format";
  public static final String LEADS = "synth.leads";
  public static final String FRACTION_V = "synth.fractionV";
  public static final String FRACTION_S = "synth.fractionS";
  public static final String FRACTION_F = "synth.fractionF";
  public static final String MEAN_HR_BPM = "synth.meanHrBpm";
  public static final String HR_STD_BPM = "synth.hrStdBpm";
  public static final String LF_HF_RATIO = "synth.lfHfRatio";
  public static final String SNR_DB = "synth.snrDb";
  public static final String BASELINE_WANDER_MV = "synth.baselineWanderMv";
  public static final String RESPIRATION_HZ = "synth.respirationHz";
  public static final String PATIENT_SPREAD = "synth.patient-spread";
  public static final String SEED = "synth.seed";

  /** Most samples one record may hold per lead (2^27, about 4 days at 360 Hz). */
  public static final long MAX_SAMPLES_PER_LEAD = 1L << 27;

  private static final Map<String, String> DEFAULTS = defaults();

  private static Map<String, String> defaults() {
    Map<String, String> d = new LinkedHashMap<>();
    d.put(RECORDS, "48");
    d.put(DURATION_S, "1800");
    d.put(FS_HZ, "360");
    d.put(GAIN_ADC_PER_MV, "200");
    d.put(FORMAT, "212");
    d.put(LEADS, "2");
    d.put(FRACTION_V, "0.05");
    d.put(FRACTION_S, "0.03");
    d.put(FRACTION_F, "0.01");
    d.put(MEAN_HR_BPM, "72");
    d.put(HR_STD_BPM, "2");
    d.put(LF_HF_RATIO, "0.5");
    d.put(SNR_DB, "30");
    d.put(BASELINE_WANDER_MV, "0.1");
    d.put(RESPIRATION_HZ, "0.25");
    d.put(PATIENT_SPREAD, "1");
    d.put(SEED, "1");
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
        "at most 1 - fractionV - fractionS = " + (1 - fractionV - fractionS));
    require(MEAN_HR_BPM, meanHrBpm, meanHrBpm >= 30 && meanHrBpm <= 150, "a heart rate in [30, 150] bpm");
    require(HR_STD_BPM, hrStdBpm, hrStdBpm >= 0 && hrStdBpm <= meanHrBpm / 6, "in [0, meanHrBpm / 6] bpm");
    require(LF_HF_RATIO, lfHfRatio, lfHfRatio > 0 && Double.isFinite(lfHfRatio), "a positive ratio");
    require(SNR_DB, snrDb, !Double.isNaN(snrDb) && snrDb > -20, "a number of dB > -20, or inf for no noise");
    require(BASELINE_WANDER_MV, baselineWanderMv, baselineWanderMv >= 0 && baselineWanderMv <= 5, "an amplitude in [0, 5] mV");
    require(RESPIRATION_HZ, respirationHz, respirationHz > 0 && respirationHz <= 1, "a frequency in (0, 1] Hz");
    require(PATIENT_SPREAD, patientSpread, patientSpread >= 0 && patientSpread <= 1,
        "in [0, 1]: 0 for identical patients, 1 for the full spread");
  }

  /** The defaults listed above. */
  public static SynthConfig defaultConfig() {
    return fromMap(Map.of());
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
        throw new ConfigException("Cannot configure the generator: unknown key '" + key + "' (known keys: " + String.join(", ", known) + ")");
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
      throw new ConfigException("Cannot configure the generator: unknown key '" + key + "' (known keys: " + String.join(", ", m.keySet()) + ")");
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

  private static void require(String key, Object value, boolean ok, String expected) {
    if (!ok) {
      throw ConfigException.invalid(key, value, expected);
    }
  }

  private static void requireFraction(String key, double value) {
    require(key, value, value >= 0 && value <= 1, "a fraction in [0, 1]");
  }

  private static int parseInt(Map<String, String> v, String key) {
    String s = v.get(key).trim();
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw ConfigException.invalid(key, s, "an integer");
    }
  }

  private static long parseLong(Map<String, String> v, String key) {
    String s = v.get(key).trim();
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw ConfigException.invalid(key, s, "an integer");
    }
  }

  private static double parseDouble(Map<String, String> v, String key) {
    String s = v.get(key).trim();
    if (s.equalsIgnoreCase("inf") || s.equalsIgnoreCase("infinity")) {
      return Double.POSITIVE_INFINITY;
    }
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      throw ConfigException.invalid(key, s, "a number");
    }
  }
}
