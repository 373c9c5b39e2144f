package org.ecgplatform.etl.spark;

import com.typesafe.config.Config;
import java.io.Serializable;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ecgplatform.common.ConfigException;
import org.ecgplatform.common.ConfigLoader;
import org.ecgplatform.etl.beats.AamiClass;
import org.ecgplatform.etl.beats.AugmentationConfig;
import org.ecgplatform.etl.beats.DeChazalCrossValidation;
import org.ecgplatform.etl.beats.DeChazalSplit;
import org.ecgplatform.etl.beats.ExtractionConfig;
import org.ecgplatform.etl.beats.HashSplit;
import org.ecgplatform.etl.beats.LeadPreference;
import org.ecgplatform.etl.beats.PatientMapper;
import org.ecgplatform.etl.beats.RecordTemplate;
import org.ecgplatform.etl.beats.SplitAssigner;
import org.ecgplatform.etl.beats.ValidationDraw;
import org.ecgplatform.etl.beats.WindowConfig;
import org.ecgplatform.etl.detect.QrsDetectorConfig;
import org.ecgplatform.etl.signal.CleaningConfig;
import org.ecgplatform.etl.signal.ResamplingConfig;

/**
 * Immutable, validated configuration of the ETL job, built from the {@code etl} block of the merged
 * HOCON configuration ({@code reference.conf} documents every key and default; {@link ConfigLoader}
 * the precedence). The stage settings are the pure stages' own config records, which validate
 * their values; this record adds inputs, output, splits and output layout.
 *
 * @param inputs database directories (any Hadoop URI)
 * @param output dataset directory
 * @param annotator reference annotation file extension, e.g. {@code atr}
 * @param checksumMismatch what to do with a record whose signal file fails the WFDB library's
 *     header check ({@code etl.wfdb.checksum-mismatch})
 * @param extraction cleaning, resampling and window settings
 * @param leads lead preference
 * @param recordTemplate whether each window is followed by its record's template channels
 *     ({@link org.ecgplatform.etl.beats.RecordTemplate})
 * @param templateBeats which beats the template is the median of ({@code
 *     etl.leads.record-template-beats})
 * @param splitPresets split preset per database name
 * @param validation how validation patients are drawn from the training side
 * @param validationRecords explicit validation records of the de Chazal presets (empty: the seeded draw)
 * @param crossValidation the DS1 folds of the {@code dechazal-cv} preset and the fold this dataset tests
 * @param hashFractions train, val and test fractions of the hash preset
 * @param augment whether the train split is augmented
 * @param augmentation augmentation settings (seed included)
 * @param nstdbDir NSTDB directory for real noise, or null
 * @param seed root seed
 * @param rowGroupMb Parquet row-group size
 * @param maxRowsPerFile rows per Parquet file at most, 0 for no limit
 * @param configJson the effective {@code etl} block as JSON, for the manifest
 */
public record EtlConfig(
    List<String> inputs,
    String output,
    String annotator,
    ChecksumMismatch checksumMismatch,
    ExtractionConfig extraction,
    LeadPreference leads,
    boolean recordTemplate,
    RecordTemplate.Beats templateBeats,
    Map<String, String> splitPresets,
    ValidationDraw validation,
    List<String> validationRecords,
    DeChazalCrossValidation crossValidation,
    List<Double> hashFractions,
    boolean augment,
    AugmentationConfig augmentation,
    String nstdbDir,
    long seed,
    int rowGroupMb,
    long maxRowsPerFile,
    String configJson)
    implements Serializable {

  public static final List<String> PRESETS = List.of("dechazal", "dechazal-strict", "dechazal-cv", "hash");
  /** The key of {@link #checksumMismatch}. */
  public static final String CHECKSUM_MISMATCH_KEY = "etl.wfdb.checksum-mismatch";

  /**
   * What the ETL does with a record whose signal file is shorter than its header says or whose
   * checksum differs from the header's, where the WFDB library checks them
   * ({@link org.ecgplatform.etl.wfdb.ChecksumResult}).
   */
  public enum ChecksumMismatch {
    /** The record is rejected, with the reason naming record, signal and file. */
    QUARANTINE,
    /** The record is kept with what its files hold; the problem is logged and listed in the manifest. */
    WARN
  }

  public EtlConfig {
    inputs = List.copyOf(inputs);
    validationRecords = List.copyOf(validationRecords);
    hashFractions = List.copyOf(hashFractions);
    if (inputs.isEmpty()) {
      throw new ConfigException("No input database given (use --input <dir-or-URI>, or etl.inputs in conf/)");
    }
    if (output == null || output.isBlank()) {
      throw new ConfigException("No output given (use --output <URI>, or etl.output)");
    }
    splitPresets = Map.copyOf(splitPresets);
    for (Map.Entry<String, String> e : splitPresets.entrySet()) {
      if (!PRESETS.contains(e.getValue())) {
        throw ConfigException.invalid("etl.split.presets." + e.getKey(), e.getValue(), String.join(", ", PRESETS));
      }
    }
    if (rowGroupMb <= 0 || rowGroupMb > 1024) {
      throw ConfigException.invalid("etl.row-group-mb", rowGroupMb, "1..1024 MB");
    }
    if (maxRowsPerFile < 0) {
      throw ConfigException.invalid("etl.max-rows-per-file", maxRowsPerFile, ">= 0 (0 = no limit)");
    }
  }

  /**
   * The lead settings that shape a window ({@code etl.leads.*}).
   *
   * @param preference which leads to take
   * @param recordTemplate whether each window is followed by its record's template channels
   * @param templateBeats which beats the template is the median of
   */
  public record Leads(LeadPreference preference, boolean recordTemplate, RecordTemplate.Beats templateBeats)
      implements Serializable {
    /** ECG leads read from each record (1 or 2). */
    public int leadCount() {
      return preference.secondLead() ? 2 : 1;
    }

    /** Channels of each window: the leads, then as many template channels when enabled. */
    public int channelCount() {
      return recordTemplate ? 2 * leadCount() : leadCount();
    }

    /**
     * What a dataset's contract records of these settings besides its channels ({@code
     * DatasetSchema.settings}): with template channels, which beats the template is the median of.
     */
    public Map<String, String> contractSettings() {
      return recordTemplate ? Map.of(RecordTemplate.BEATS_KEY, templateBeats.configName()) : Map.of();
    }
  }

  /** Builds the job config from a merged configuration (see {@link ConfigLoader#load}). */
  public static EtlConfig from(Config root) {
    Config c = root.getConfig("etl");
    long seed = get(c, "seed", () -> c.getLong("seed"));
    ExtractionConfig extraction = extractionFrom(root);
    int fs = extraction.targetFsHz();
    Leads leadSettings = leadsFrom(root);
    LeadPreference leads = leadSettings.preference();

    Map<String, String> presets = new LinkedHashMap<>();
    Config p = c.getConfig("split.presets");
    for (String k : p.root().keySet()) {
      presets.put(k, p.getString(k));
    }
    double vFraction = get(c, "split.validation.fraction", () -> c.getDouble("split.validation.fraction"));
    int vCount = get(c, "split.validation.count", () -> c.getInt("split.validation.count"));
    ValidationDraw validation = vFraction > 0 ? ValidationDraw.fraction(seed, vFraction) : ValidationDraw.count(seed, vCount);
    List<String> validationRecords = get(c, "split.validation.records", () -> c.getStringList("split.validation.records"));
    DeChazalCrossValidation cv = new DeChazalCrossValidation(
        lists(c, "split.cv.folds"), lists(c, "split.cv.validation"), get(c, "split.cv.fold", () -> c.getInt("split.cv.fold")));
    List<Double> hash = List.of(get(c, "split.hash.train", () -> c.getDouble("split.hash.train")),
        get(c, "split.hash.val", () -> c.getDouble("split.hash.val")),
        get(c, "split.hash.test", () -> c.getDouble("split.hash.test")));
    new HashSplit(seed, hash.get(0), hash.get(1), hash.get(2), PatientMapper.DEFAULT); // validates the fractions

    String nstdb = c.getIsNull("augment.nstdb.dir") ? null : c.getString("augment.nstdb.dir");
    Map<AamiClass, Integer> factors = new EnumMap<>(AamiClass.class);
    Config o = c.getConfig("augment.oversampling");
    for (String k : o.root().keySet()) {
      AamiClass cls = AamiClass.vocabulary().contains(k) ? AamiClass.valueOf(k) : null;
      if (cls == null) {
        throw ConfigException.invalid("etl.augment.oversampling." + k, o.getValue(k).unwrapped(), "keys N, S, V, F, Q");
      }
      factors.put(cls, get(c, "augment.oversampling." + k, () -> o.getInt(k)));
    }
    double shiftS = get(c, "augment.shift.max-s", () -> c.getDouble("augment.shift.max-s"));
    AugmentationConfig augmentation = new AugmentationConfig(seed, factors,
        noise(c, "augment.gaussian"),
        nstdb == null ? new AugmentationConfig.Noise(0, 0, 0) : noise(c, "augment.nstdb"),
        new AugmentationConfig.Shift(get(c, "augment.shift.probability", () -> c.getDouble("augment.shift.probability")),
            (int) Math.round(shiftS * fs)),
        new AugmentationConfig.Scale(get(c, "augment.scale.probability", () -> c.getDouble("augment.scale.probability")),
            pair(c, "augment.scale.range")[0], pair(c, "augment.scale.range")[1]),
        new AugmentationConfig.Wander(get(c, "augment.wander.probability", () -> c.getDouble("augment.wander.probability")),
            get(c, "augment.wander.max-mv", () -> c.getDouble("augment.wander.max-mv")),
            pair(c, "augment.wander.hz")[0], pair(c, "augment.wander.hz")[1]));

    return new EtlConfig(
        get(c, "inputs", () -> c.getStringList("inputs")),
        c.getIsNull("output") ? null : c.getString("output"),
        c.getString("annotator"),
        checksumMismatchFrom(root),
        extraction,
        leads,
        leadSettings.recordTemplate(),
        leadSettings.templateBeats(),
        presets,
        validation,
        validationRecords,
        cv,
        hash,
        get(c, "augment.enabled", () -> c.getBoolean("augment.enabled")),
        augmentation,
        nstdb,
        seed,
        get(c, "row-group-mb", () -> c.getInt("row-group-mb")),
        get(c, "max-rows-per-file", () -> c.getLong("max-rows-per-file")),
        ConfigLoader.toJson(c));
  }

  /**
   * Cleaning, resampling and window settings ({@code etl.target-fs-hz}, {@code etl.cleaning.*},
   * {@code etl.window.*}) of a merged configuration: what the ETL cuts its windows with, and what the
   * annotation job must cut them with for a model trained on the ETL's dataset.
   */
  public static ExtractionConfig extractionFrom(Config root) {
    Config c = root.getConfig("etl");
    int fs = get(c, "target-fs-hz", () -> c.getInt("target-fs-hz"));
    if (fs <= 0 || fs > 20000) {
      throw ConfigException.invalid("etl.target-fs-hz", fs, "a rate in 1..20000 Hz");
    }
    CleaningConfig cleaning = cleaning(c);
    if (cleaning.lowPassHz() >= fs / 2.0) {
      throw ConfigException.invalid("etl.cleaning.lowpass-hz", cleaning.lowPassHz(), "below half of etl.target-fs-hz " + fs);
    }
    return new ExtractionConfig(cleaning, ResamplingConfig.to(fs),
        new WindowConfig(get(c, "window.before-s", () -> c.getDouble("window.before-s")),
            get(c, "window.after-s", () -> c.getDouble("window.after-s")),
            get(c, "window.local-rr-intervals", () -> c.getInt("window.local-rr-intervals")),
            get(c, "window.long-rr-intervals", () -> c.getInt("window.long-rr-intervals"))));
  }

  /** The lead settings ({@code etl.leads.*}) of a merged configuration. */
  public static Leads leadsFrom(Config root) {
    Config c = root.getConfig("etl");
    LeadPreference preference = new LeadPreference(get(c, "leads.preference", () -> c.getStringList("leads.preference")),
        get(c, "leads.second-preference", () -> c.getStringList("leads.second-preference")),
        get(c, "leads.second", () -> c.getBoolean("leads.second")));
    return new Leads(preference, get(c, "leads.record-template", () -> c.getBoolean("leads.record-template")),
        RecordTemplate.Beats.of(get(c, "leads.record-template-beats", () -> c.getString("leads.record-template-beats"))));
  }

  /** {@value #CHECKSUM_MISMATCH_KEY} of a merged configuration. */
  public static ChecksumMismatch checksumMismatchFrom(Config root) {
    Config c = root.getConfig("etl");
    return ConfigLoader.enumValue(CHECKSUM_MISMATCH_KEY,
        get(c, "wfdb.checksum-mismatch", () -> c.getString("wfdb.checksum-mismatch")), ChecksumMismatch.class);
  }

  /**
   * The QRS detector's settings ({@code etl.detect.*}, documented in reference.conf and in {@link
   * QrsDetectorConfig}) of a merged configuration.
   */
  public static QrsDetectorConfig detectorFrom(Config root) {
    Map<String, String> values = new LinkedHashMap<>();
    if (root.hasPath("etl.detect")) {
      for (Map.Entry<String, com.typesafe.config.ConfigValue> e : root.getConfig("etl.detect").entrySet()) {
        values.put(QrsDetectorConfig.PREFIX + e.getKey(), String.valueOf(e.getValue().unwrapped()));
      }
    }
    return QrsDetectorConfig.fromMap(values);
  }

  /** The settings a dataset's contract records: the extraction's and the leads'. */
  public Map<String, String> contractSettings() {
    return contractSettings(extraction, leadSettings());
  }

  /**
   * The settings a dataset's contract records of these extraction and lead settings (the ETL's, or
   * the annotation job's to check a model against).
   */
  public static Map<String, String> contractSettings(ExtractionConfig extraction, Leads leads) {
    Map<String, String> m = new java.util.TreeMap<>(extraction.contractSettings());
    m.putAll(leads.contractSettings());
    return m;
  }

  /** The lead settings of this ETL. */
  public Leads leadSettings() {
    return new Leads(leads, recordTemplate, templateBeats);
  }

  /** The split assigner of a database (by its name): its preset, hash when none is configured. */
  public SplitAssigner splitFor(String database) {
    return switch (splitPresets.getOrDefault(database, "hash")) {
      case "dechazal" -> validationRecords.isEmpty() ? DeChazalSplit.published(validation)
          : DeChazalSplit.withValidationRecords(validationRecords, false);
      case "dechazal-strict" -> validationRecords.isEmpty() ? DeChazalSplit.strictPatients(validation)
          : DeChazalSplit.withValidationRecords(validationRecords, true);
      case "dechazal-cv" -> crossValidation;
      default -> new HashSplit(seed, hashFractions.get(0), hashFractions.get(1), hashFractions.get(2),
          PatientMapper.DEFAULT);
    };
  }

  /** A list of lists of strings (e.g. folds of record names), naming the key in errors. */
  private static List<List<String>> lists(Config c, String key) {
    return get(c, key, () -> {
      List<List<String>> out = new java.util.ArrayList<>();
      for (Object o : c.getList(key).unwrapped()) {
        if (!(o instanceof List<?> l)) {
          throw ConfigException.invalid("etl." + key, o, "a list of lists of record names");
        }
        out.add(l.stream().map(String::valueOf).toList());
      }
      return out;
    });
  }

  public int targetFsHz() {
    return extraction.targetFsHz();
  }

  public int samplesBefore() {
    return extraction.samplesBefore();
  }

  public int samplesAfter() {
    return extraction.samplesAfter();
  }

  /** ECG leads read from each record (1 or 2). */
  public int leadCount() {
    return leadSettings().leadCount();
  }

  /** Channels of each dataset window: the leads, then as many template channels when enabled. */
  public int channelCount() {
    return leadSettings().channelCount();
  }

  private static CleaningConfig cleaning(Config c) {
    String b = c.getString("cleaning.baseline");
    CleaningConfig.Baseline baseline = switch (b) {
      case "median" -> CleaningConfig.Baseline.MEDIAN;
      case "highpass" -> CleaningConfig.Baseline.HIGH_PASS;
      case "none" -> CleaningConfig.Baseline.NONE;
      default -> throw ConfigException.invalid("etl.cleaning.baseline", b, "median, highpass or none");
    };
    double notch = get(c, "cleaning.notch-hz", () -> c.getDouble("cleaning.notch-hz"));
    if (notch != 0 && notch != 50 && notch != 60) {
      throw ConfigException.invalid("etl.cleaning.notch-hz", notch, "0, 50 or 60");
    }
    return CleaningConfig.defaults().withBaseline(baseline)
        .withLowPassHz(get(c, "cleaning.lowpass-hz", () -> c.getDouble("cleaning.lowpass-hz")))
        .withNotchHz(notch);
  }

  private static AugmentationConfig.Noise noise(Config c, String key) {
    double[] snr = pair(c, key + ".snr-db");
    return new AugmentationConfig.Noise(get(c, key + ".probability", () -> c.getDouble(key + ".probability")),
        snr[0], snr[1]);
  }

  private static double[] pair(Config c, String key) {
    List<Double> l = get(c, key, () -> c.getDoubleList(key));
    if (l.size() != 2 || l.get(0) > l.get(1)) {
      throw ConfigException.invalid("etl." + key, l, "[low, high] with low <= high");
    }
    return new double[] {l.get(0), l.get(1)};
  }

  private static <T> T get(Config c, String key, java.util.function.Supplier<T> getter) {
    return ConfigLoader.get("etl." + key, getter);
  }
}
