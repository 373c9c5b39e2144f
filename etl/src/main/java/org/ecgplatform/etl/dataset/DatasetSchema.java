package org.ecgplatform.etl.dataset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.ecgplatform.common.DatasetContractException;
import org.ecgplatform.etl.beats.AamiClass;
import org.ecgplatform.etl.beats.RecordTemplate;

/**
 * The one contract between the ETL job that writes a beat dataset and every reader (training,
 * evaluation, notebooks). It is written into the dataset as versioned JSON ({@link #FILE_NAME}) and
 * checked by readers with {@link #requireCompatible}.
 *
 * <p>Layout of a dataset directory (any Hadoop URI):
 *
 * <pre>
 * &lt;dataset&gt;/schema.json                          this contract
 * &lt;dataset&gt;/manifest.json                        inputs, config, counts, rejects, timings
 * &lt;dataset&gt;/rejects.csv                          quarantined records with reasons
 * &lt;dataset&gt;/beats/split=&lt;s&gt;/database=&lt;d&gt;/*.parquet  one row per beat
 * </pre>
 *
 * <p>One row per beat; {@code window} holds {@code leadCount × windowSamples} floats, lead-major
 * (all samples of lead 0, then lead 1), at {@code fsHz}, the beat's annotated sample at offset
 * {@code samplesBefore} of each lead.
 *
 * @param schemaVersion version of this contract; readers refuse other versions
 * @param fsHz sampling rate of every window, after resampling
 * @param samplesBefore window samples before the beat's fiducial point
 * @param samplesAfter window samples from the fiducial point on (included)
 * @param leadCount channels in each window: the ECG leads, then (with {@code etl.leads.recordTemplate})
 *     one record-template channel per lead, named {@code <lead>:template} in the {@code leads} column
 * @param classes label vocabulary in label-index order
 * @param rrFeatures names of the RR-interval feature columns, in model input order
 * @param columns every column of the beat rows
 * @param settings the ETL settings that change what a model reads without changing the window's
 *     shape (the cleaning filters, the local RR average), as {@code etl.*} key and value ({@code
 *     ExtractionConfig#contractSettings}, the template rule {@code etl.leads.record-template-beats});
 *     empty in datasets written before they were recorded, whose settings are unknown and not
 *     checked; a contract that records some but not a later key holds that key's default
 */
public record DatasetSchema(
    int schemaVersion,
    int fsHz,
    int samplesBefore,
    int samplesAfter,
    int leadCount,
    List<String> classes,
    List<String> rrFeatures,
    List<Column> columns,
    Map<String, String> settings) implements java.io.Serializable {

  /** The contract version this code writes and reads. Bump on any incompatible change. */
  public static final int CURRENT_VERSION = 1;

  public static final String FILE_NAME = "schema.json";
  public static final String MANIFEST_FILE = "manifest.json";
  public static final String REJECTS_FILE = "rejects.csv";
  public static final String BEATS_DIR = "beats";
  /**
   * Settings recorded since a later version, with the value every dataset had before: the record
   * template of all beats ({@value RecordTemplate#BEATS_KEY}).
   */
  static final Map<String, String> UNRECORDED_DEFAULTS =
      Map.of(RecordTemplate.BEATS_KEY, RecordTemplate.Beats.ALL.configName());

  // Column names: the only place they are spelled.
  public static final String DATABASE = "database";
  public static final String RECORD = "record";
  public static final String PATIENT = "patient";
  public static final String SPLIT = "split";
  public static final String SAMPLE = "sample";
  public static final String TIME_S = "time_s";
  public static final String FS_HZ = "fs_hz";
  public static final String LEADS = "leads";
  public static final String SYMBOL = "symbol";
  public static final String AAMI_CLASS = "aami_class";
  public static final String LABEL = "label";
  public static final String RR_PREV = "rr_prev_s";
  public static final String RR_NEXT = "rr_next_s";
  public static final String RR_LOCAL = "rr_local_s";
  public static final String RR_MEAN = "rr_mean_s";
  /** Optional ({@code etl.window.long-rr-intervals}): the longer local RR average, after the standard columns. */
  public static final String RR_LONG = "rr_long_s";
  public static final String WINDOW = "window";
  public static final String AUGMENTATION = "augmentation";

  /** Value of {@link #AUGMENTATION} for a beat as it was recorded. */
  public static final String NOT_AUGMENTED = "none";

  /**
   * Suffix of a record-template channel's name in {@link #LEADS}: the template of lead {@code MLII}
   * is the channel {@code MLII:template}, after every ECG channel.
   */
  public static final String TEMPLATE_SUFFIX = ":template";

  /** The name of the record-template channel of {@code lead}. */
  public static String templateChannel(String lead) {
    return lead + TEMPLATE_SUFFIX;
  }

  /** Whether a channel named in {@link #LEADS} is a record-template channel. */
  public static boolean isTemplateChannel(String channel) {
    return channel.endsWith(TEMPLATE_SUFFIX);
  }

  /**
   * Whether a window's channels are ECG leads followed by the record-template channel of each, in
   * the same order ({@code [MLII, V1, MLII:template, V1:template]}): the layout the ETL writes with
   * {@code etl.leads.record-template = true}, which the settings that read the template channels need.
   */
  public static boolean hasTemplatePerLead(List<String> channels) {
    int n = channels.size();
    if (n == 0 || n % 2 != 0) {
      return false;
    }
    int leads = n / 2;
    for (int i = 0; i < leads; i++) {
      String lead = channels.get(i);
      if (isTemplateChannel(lead) || !channels.get(leads + i).equals(templateChannel(lead))) {
        return false;
      }
    }
    return true;
  }

  /**
   * The end of a refusal of a setting that needs a record-template channel per lead, for a dataset
   * whose channels lack them: "for dataset …, whose channels … hold no record template per lead"
   * and the ETL setting that writes them.
   */
  public static String noTemplatePerLead(String dataset, List<String> channels) {
    return "for dataset " + dataset + ", whose channels " + channels
        + " hold no record template per lead (the ETL writes them with etl.leads.record-template = true)";
  }

  /** The split names, also the values of the {@link #SPLIT} partition column. */
  public static final String TRAIN = "train";
  public static final String VALIDATION = "val";
  public static final String TEST = "test";

  /** Column types of the contract, mapped to Parquet/Spark types by the Spark layer. */
  public enum Type {
    STRING,
    INT,
    LONG,
    FLOAT,
    DOUBLE,
    FLOAT_ARRAY,
    STRING_ARRAY
  }

  /** One column: name, type and meaning. */
  public record Column(String name, Type type, String description) implements java.io.Serializable {
    public Column {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(type, "type");
    }
  }

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public DatasetSchema {
    if (schemaVersion < 1) {
      throw new DatasetContractException("Invalid dataset schema: schemaVersion " + schemaVersion + " < 1");
    }
    if (fsHz <= 0) {
      throw new DatasetContractException("Invalid dataset schema: fsHz must be positive, was " + fsHz);
    }
    if (samplesBefore < 0 || samplesAfter <= 0) {
      throw new DatasetContractException(
          "Invalid dataset schema: window needs samplesBefore >= 0 and samplesAfter > 0, was "
              + samplesBefore + "/" + samplesAfter);
    }
    if (leadCount <= 0) {
      throw new DatasetContractException("Invalid dataset schema: leadCount must be positive, was " + leadCount);
    }
    classes = List.copyOf(classes);
    rrFeatures = List.copyOf(rrFeatures);
    columns = List.copyOf(columns);
    // sorted, so that schema.json lists them in one order
    TreeMap<String, String> recorded = new TreeMap<>(settings == null ? Map.of() : settings);
    if (!recorded.isEmpty()) {
      // A contract that records settings but not these was written before they existed, when the
      // ETL could only do what their defaults do.
      UNRECORDED_DEFAULTS.forEach(recorded::putIfAbsent);
    }
    settings = Collections.unmodifiableSortedMap(recorded);
  }

  /** The contract for a dataset written by this version of the ETL. */
  public static DatasetSchema current(int fsHz, int samplesBefore, int samplesAfter, int leadCount) {
    return current(fsHz, samplesBefore, samplesAfter, leadCount, false);
  }

  /**
   * The contract for a dataset written by this version of the ETL; with {@code longRr}, the {@link
   * #RR_LONG} column follows the standard columns and is the fifth RR feature.
   */
  public static DatasetSchema current(int fsHz, int samplesBefore, int samplesAfter, int leadCount, boolean longRr) {
    List<Column> columns = new ArrayList<>(standardColumns());
    if (longRr) {
      columns.add(new Column(RR_LONG, Type.FLOAT, "mean RR of the etl.window.long-rr-intervals intervals ending at the beat, seconds"));
    }
    return new DatasetSchema(CURRENT_VERSION, fsHz, samplesBefore, samplesAfter, leadCount, AamiClass.vocabulary(),
        rrColumns(longRr), columns, Map.of());
  }

  /**
   * The RR feature columns the ETL writes, in model input order: {@link #RR_PREV}, {@link #RR_NEXT},
   * {@link #RR_LOCAL}, {@link #RR_MEAN}, then, with {@code longRr}, {@link #RR_LONG}.
   */
  public static List<String> rrColumns(boolean longRr) {
    return longRr ? List.of(RR_PREV, RR_NEXT, RR_LOCAL, RR_MEAN, RR_LONG) : List.of(RR_PREV, RR_NEXT, RR_LOCAL, RR_MEAN);
  }

  /** This contract with the ETL settings it was written with ({@link #settings}). */
  public DatasetSchema withSettings(Map<String, String> etlSettings) {
    return new DatasetSchema(
        schemaVersion, fsHz, samplesBefore, samplesAfter, leadCount, classes, rrFeatures, columns, etlSettings);
  }

  /** Samples per lead in each window. */
  public int windowSamples() {
    return samplesBefore + samplesAfter;
  }

  /** Number of floats in the {@link #WINDOW} column of each row. */
  public int windowLength() {
    return leadCount * windowSamples();
  }

  public List<String> columnNames() {
    List<String> names = new ArrayList<>(columns.size());
    for (Column c : columns) {
      names.add(c.name());
    }
    return names;
  }

  /** The columns of schema version 1, in write order. */
  public static List<Column> standardColumns() {
    return List.of(
        new Column(DATABASE, Type.STRING, "source database name (partition column)"),
        new Column(RECORD, Type.STRING, "WFDB record name"),
        new Column(PATIENT, Type.STRING, "patient identifier; splits never share a patient"),
        new Column(SPLIT, Type.STRING, "train, val or test (partition column)"),
        new Column(SAMPLE, Type.LONG, "beat annotation sample in the source record, at its own rate"),
        new Column(TIME_S, Type.DOUBLE, "beat time from the record start, seconds"),
        new Column(FS_HZ, Type.INT, "sampling rate of the window"),
        new Column(LEADS, Type.STRING_ARRAY, "lead names in window order"),
        new Column(SYMBOL, Type.STRING, "original annotation mnemonic"),
        new Column(AAMI_CLASS, Type.STRING, "AAMI EC57 class N, S, V, F or Q"),
        new Column(LABEL, Type.INT, "label index of the AAMI class"),
        new Column(RR_PREV, Type.FLOAT, "interval to the previous beat, seconds"),
        new Column(RR_NEXT, Type.FLOAT, "interval to the next beat, seconds"),
        new Column(RR_LOCAL, Type.FLOAT, "mean RR of the surrounding beats, seconds"),
        new Column(RR_MEAN, Type.FLOAT, "mean RR of the whole record, seconds"),
        new Column(WINDOW, Type.FLOAT_ARRAY, "leadCount x windowSamples samples, lead-major, millivolts"),
        new Column(AUGMENTATION, Type.STRING, "augmentation applied, or 'none'"));
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot serialise dataset schema", e);
    }
  }

  /**
   * Parses a contract read from {@code source} (named in errors).
   *
   * @throws DatasetContractException when the text is not a contract
   */
  public static DatasetSchema fromJson(String json, String source) {
    try {
      DatasetSchema s = JSON.readValue(json, DatasetSchema.class);
      if (s.columns() == null || s.classes() == null) {
        throw new DatasetContractException("Cannot read dataset schema " + source + ": columns or classes missing");
      }
      return s;
    } catch (JsonProcessingException e) {
      throw new DatasetContractException(
          "Cannot read dataset schema " + source + ": not a schema.json (" + e.getOriginalMessage() + ")");
    }
  }

  /**
   * Checks that a dataset with this contract can be read by code that expects {@link #CURRENT_VERSION}
   * and the given columns.
   *
   * @param source the dataset's location, named in the error
   * @throws DatasetContractException naming the first mismatch
   */
  public void requireReadable(String source) {
    if (schemaVersion != CURRENT_VERSION) {
      throw new DatasetContractException(
          "Cannot read dataset " + source + ": schema version " + schemaVersion
              + ", this software reads version " + CURRENT_VERSION + " (re-run the ETL with this version)");
    }
    List<String> names = columnNames();
    for (Column c : standardColumns()) {
      if (!names.contains(c.name())) {
        throw new DatasetContractException(
            "Cannot read dataset " + source + ": column '" + c.name() + "' is missing (columns: " + names + ")");
      }
    }
    if (!classes.equals(AamiClass.vocabulary())) {
      throw new DatasetContractException(
          "Cannot read dataset " + source + ": label vocabulary " + classes + " differs from " + AamiClass.vocabulary());
    }
  }

  /**
   * Checks that beats of this dataset fit a model trained on {@code expected}: same rate, window,
   * leads, classes, RR features and, for each ETL setting both contracts record, the same value.
   *
   * @throws DatasetContractException naming what differs, with both values
   */
  public void requireCompatible(DatasetSchema expected, String source) {
    requireReadable(source);
    mismatch("sampling rate (Hz)", expected.fsHz, fsHz, source);
    mismatch("samples before the beat", expected.samplesBefore, samplesBefore, source);
    mismatch("samples after the beat", expected.samplesAfter, samplesAfter, source);
    mismatch("lead count", expected.leadCount, leadCount, source);
    if (!expected.classes.equals(classes)) {
      throw new DatasetContractException(
          "Dataset " + source + " does not match the model: classes " + classes + " vs " + expected.classes);
    }
    mismatch("RR features", expected.rrFeatures, rrFeatures, source);
    for (String key : conflictingSettings(expected.settings, settings)) {
      mismatch(key, expected.settings.get(key), settings.get(key), source);
    }
  }

  /**
   * The keys of the ETL settings ({@link #settings}) that both maps record with different values,
   * in key order. A setting only one of them records is no conflict: it is unknown on the other side.
   */
  public static List<String> conflictingSettings(Map<String, String> a, Map<String, String> b) {
    List<String> keys = new ArrayList<>();
    for (Map.Entry<String, String> e : new TreeMap<>(a).entrySet()) {
      String other = b.get(e.getKey());
      if (other != null && !other.equals(e.getValue())) {
        keys.add(e.getKey());
      }
    }
    return keys;
  }

  private static void mismatch(String what, Object expected, Object actual, String source) {
    if (!expected.equals(actual)) {
      throw new DatasetContractException(
          "Dataset " + source + " does not match the model: " + what + " is " + actual + ", the model expects "
              + expected + " (re-run the ETL with the model's settings)");
    }
  }
}
