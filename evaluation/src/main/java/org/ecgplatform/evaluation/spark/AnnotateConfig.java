package org.ecgplatform.evaluation.spark;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.ecgplatform.common.ConfigException;
import org.ecgplatform.common.ConfigLoader;
import org.ecgplatform.etl.beats.ExtractionConfig;
import org.ecgplatform.etl.detect.QrsDetectorConfig;
import org.ecgplatform.etl.spark.EtlConfig;

/**
 * Everything one annotation run needs ({@link AnnotateJob}), validated on construction.
 *
 * <p>Two parts, read from one merged configuration (same precedence as every job): the job's own
 * keys under {@code evaluation.annotate.*} ({@code evaluation/src/main/resources/reference.conf}),
 * and the ETL's keys that decide what a beat window is ({@code etl.target-fs-hz}, {@code
 * etl.cleaning.*}, {@code etl.window.*}, {@code etl.leads.*}, {@code etl.wfdb.checksum-mismatch})
 * and how beats are found ({@code etl.detect.*}), read by {@link EtlConfig}'s own readers so that
 * the windows are cut exactly as the ETL cut those the model was trained on. The job checks them
 * against the model's contract before reading any record.
 *
 * @param modelUri the trained model (a training output directory)
 * @param inputUris WFDB database directories to annotate, every record of each
 * @param outputUri where the run's files go; must not exist yet
 * @param annotator annotator name (file extension) of the annotation files ({@value #KEY_ANNOTATOR})
 * @param batchSize beats per scorer call ({@value EvaluateConfig#KEY_BATCH_SIZE}, shared with the
 *     evaluation)
 * @param detectChunkS records are cut into chunks of this many seconds, one Spark task each for
 *     detection, template windows and classification ({@value #KEY_CHUNK}; see {@link
 *     org.ecgplatform.evaluation.annotate.RecordLayout})
 * @param detectMarginS context read on each side of what a chunk's task needs ({@value #KEY_MARGIN})
 * @param minRunBeats consecutive S beats that make an S run in the summary ({@value #KEY_MIN_RUN})
 * @param beatsFrom empty: the beats come from the QRS detector; else the annotator (file extension)
 *     whose beat annotations give them, e.g. {@code atr} or another detector's ({@value #KEY_BEATS_FROM})
 * @param writePlots whether to draw each record's tachogram, {@code plots/<record>.png} ({@value #KEY_PLOTS})
 * @param extraction cleaning, resampling and window of the ETL
 * @param leads lead selection and record-template channels of the ETL
 * @param checksumMismatch what a signal file that fails its checksum does
 * @param detector the QRS detector's settings
 * @param afGate the irregular-rhythm gate ({@code evaluation.af-gate.*}), as in classification mode
 * @param svtRun the supraventricular-run rule ({@code evaluation.svt-run.*}), as in classification mode
 * @param decisionWeights how a beat's class follows from its probabilities ({@code
 *     evaluation.decision-weights.*}), as in classification mode
 */
public record AnnotateConfig(
    String modelUri,
    List<String> inputUris,
    String outputUri,
    String annotator,
    int batchSize,
    double detectChunkS,
    double detectMarginS,
    int minRunBeats,
    String beatsFrom,
    boolean writePlots,
    ExtractionConfig extraction,
    EtlConfig.Leads leads,
    EtlConfig.ChecksumMismatch checksumMismatch,
    QrsDetectorConfig detector,
    AfGateConfig afGate,
    SvtRunConfig svtRun,
    DecisionWeights decisionWeights) implements Serializable {

  public static final String KEY_ANNOTATOR = "annotate.annotator";
  public static final String KEY_CHUNK = "annotate.detect-chunk-s";
  public static final String KEY_MARGIN = "annotate.detect-margin-s";
  public static final String KEY_MIN_RUN = "annotate.min-run-beats";
  public static final String KEY_PLOTS = "annotate.write-plots";
  public static final String KEY_BEATS_FROM = "annotate.beats-from";

  /** The keys of this job in the {@code evaluation} section (the section's check accepts them). */
  static final Set<String> KEYS = Set.of(KEY_ANNOTATOR, KEY_CHUNK, KEY_MARGIN, KEY_MIN_RUN, KEY_BEATS_FROM, KEY_PLOTS);

  public AnnotateConfig {
    requireUri("--model", modelUri);
    requireUri("--output", outputUri);
    if (inputUris == null || inputUris.isEmpty()) {
      throw ConfigException.invalid("--input", inputUris, "at least one WFDB database directory");
    }
    inputUris.forEach(u -> requireUri("--input", u));
    inputUris = List.copyOf(inputUris);
    if (annotator == null || !annotator.matches("[A-Za-z0-9_]+")) {
      throw ConfigException.invalid(EvaluateConfig.path(KEY_ANNOTATOR), annotator,
          "letters, digits or _ (a WFDB annotator name such as ann or qrs)");
    }
    if (batchSize < 1 || batchSize > 1_000_000) {
      throw ConfigException.invalid(EvaluateConfig.path(EvaluateConfig.KEY_BATCH_SIZE), batchSize, "1..1000000 beats");
    }
    if (!(detectChunkS >= 10)) {
      throw ConfigException.invalid(EvaluateConfig.path(KEY_CHUNK), detectChunkS, "at least 10 s");
    }
    if (!(detectMarginS >= 0)) {
      throw ConfigException.invalid(EvaluateConfig.path(KEY_MARGIN), detectMarginS, ">= 0 s");
    }
    if (beatsFrom == null || !beatsFrom.matches("[A-Za-z0-9_]*")) {
      throw ConfigException.invalid(EvaluateConfig.path(KEY_BEATS_FROM), beatsFrom,
          "empty (the QRS detector) or an annotator name such as atr");
    }
    if (minRunBeats < 1) {
      throw ConfigException.invalid(EvaluateConfig.path(KEY_MIN_RUN), minRunBeats, "at least 1 beat");
    }
    Objects.requireNonNull(extraction, "extraction");
    Objects.requireNonNull(leads, "leads");
    Objects.requireNonNull(checksumMismatch, "checksumMismatch");
    Objects.requireNonNull(detector, "detector");
    Objects.requireNonNull(afGate, "afGate");
    Objects.requireNonNull(svtRun, "svtRun");
    Objects.requireNonNull(decisionWeights, "decisionWeights");
  }

  private static void requireUri(String option, String uri) {
    if (uri == null || uri.isBlank()) {
      throw ConfigException.invalid(option, uri, "a directory: a path, hdfs:// or s3a:// URI");
    }
  }

  /** Defaults from {@code reference.conf} and nothing else; for tests and embedding. */
  public static AnnotateConfig defaults(String modelUri, List<String> inputUris, String outputUri) {
    return from(ConfigFactory.defaultReference(), modelUri, inputUris, outputUri);
  }

  /** Reads the {@code evaluation} and {@code etl} sections of {@code config} (resolved, with reference defaults). */
  public static AnnotateConfig from(Config config, String modelUri, List<String> inputUris, String outputUri) {
    Config c = EvaluateConfig.section(config);
    return new AnnotateConfig(
        modelUri,
        inputUris,
        outputUri,
        get(c, KEY_ANNOTATOR, c::getString),
        get(c, EvaluateConfig.KEY_BATCH_SIZE, c::getInt),
        get(c, KEY_CHUNK, c::getDouble),
        get(c, KEY_MARGIN, c::getDouble),
        get(c, KEY_MIN_RUN, c::getInt),
        get(c, KEY_BEATS_FROM, c::getString),
        get(c, KEY_PLOTS, c::getBoolean),
        EtlConfig.extractionFrom(config),
        EtlConfig.leadsFrom(config),
        EtlConfig.checksumMismatchFrom(config),
        EtlConfig.detectorFrom(config),
        AfGateConfig.from(c),
        SvtRunConfig.from(c),
        DecisionWeights.from(c));
  }

  private static <T> T get(Config c, String key, java.util.function.Function<String, T> getter) {
    return ConfigLoader.get(EvaluateConfig.path(key), () -> getter.apply(key));
  }

  /** Channels of each window: the leads, then the record-template channels when enabled. */
  public int channelCount() {
    return leads.channelCount();
  }
}
