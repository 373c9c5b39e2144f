package org.ecgplatform.evaluation.spark;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.ecgplatform.common.EcgPlatformException;
import org.ecgplatform.etl.beats.AamiClass;
import org.ecgplatform.etl.beats.RecordTemplate;
import org.ecgplatform.etl.dataset.DatasetSchema;
import org.ecgplatform.etl.io.HadoopFiles;
import org.ecgplatform.etl.io.HadoopWfdbStorage;
import org.ecgplatform.etl.spark.EtlConfig;
import org.ecgplatform.etl.spark.RecordLister;
import org.ecgplatform.evaluation.annotate.RecordLayout;
import org.ecgplatform.evaluation.report.AnnotatedRecord;
import org.ecgplatform.evaluation.report.AnnotationSummaryFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The annotation job: WFDB records WITHOUT reference annotations in, beats found and classified
 * out. Long records are cut into chunks ({@link RecordLayout}: cores of {@code
 * evaluation.annotate.detect-chunk-s} seconds read with margins of {@code detect-margin-s}), one
 * Spark task per chunk, so that a task's memory depends on the chunk's length and not on the
 * record's: a 24-hour Holter is as light per task as a 30-minute record. Steps:
 *
 * <ol>
 *   <li>On the driver: the output does not exist ({@link RunOutput}); the model loads and its
 *       contract (rate, window, channels, RR features) is that of the windows {@code etl.*} cuts,
 *       else the run stops before reading a record; the records of every {@code --input} are listed
 *       (record names must be unique across inputs, since the files are {@code
 *       <output>/<record>.<annotator>}).
 *   <li>One task per record ({@link AnnotateRecord#plan}): header, signal-file check, leads, chunks.
 *   <li>One task per chunk ({@link AnnotateChunk#detect}): the beats of its core. On the driver,
 *       per record: the chunks' beats merged (every beat in exactly one core: no duplicates, no
 *       gaps) and the RR features of the whole record's beats, exactly as the ETL computes them.
 *   <li>With the record template ({@code etl.leads.record-template}): one task per chunk holding
 *       some of the template's windows ({@link AnnotateChunk#templateWindows}), the median per
 *       record on the executors ({@link RecordTemplate}, at most {@value RecordTemplate#MAX_WINDOWS}
 *       windows, as in the ETL).
 *   <li>One task per chunk ({@link AnnotateChunk#score}): windows, template, RR features, the
 *       model's classes of the core's beats (a sequence model gets its context beats from beyond
 *       the core); the rows go to the beats Parquet ({@value #BEATS_DIR}: {@code database, record,
 *       sample, time_s, class, symbol, probabilities}).
 *   <li>One task per record ({@link AnnotateRecord#finish}): the MIT annotation file and, with
 *       {@code evaluation.annotate.write-plots}, the tachogram ({@value #PLOTS_DIR}); on the driver
 *       the summaries ({@link AnnotationSummaryFiles}), then the staging directory is published
 *       with the {@code _SUCCESS} marker.
 * </ol>
 *
 * <p>A record that fails in any of these steps (in any of its chunks) is quarantined with the
 * reason and left out of every output but {@code quarantine.csv}; the others are annotated.
 *
 * <p>Memory: a chunk task holds its read range (about 4 bytes per sample per lead read, ~2 MB for
 * ten minutes of two leads at 360 Hz plus margins, and its windows); a template median at most
 * {@value RecordTemplate#MAX_WINDOWS} windows (8 MB). The driver holds, between the passes, the
 * beat positions and RR features of every record of the run (about 40 bytes a beat: ~4 MB for a
 * 24-hour record), never samples.
 */
public final class AnnotateJob {
  private static final Logger LOG = LoggerFactory.getLogger(AnnotateJob.class);

  /** Beats Parquet under the output. */
  public static final String BEATS_DIR = "beats";
  /** Tachograms under the output, {@code <record>.png}. */
  public static final String PLOTS_DIR = "plots";
  public static final String SUCCESS = RunOutput.SUCCESS;

  private AnnotateJob() {}

  public static AnnotateResult run(SparkSession spark, AnnotateConfig config) {
    long start = System.nanoTime();
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    RunOutput out = RunOutput.open(config.outputUri(), hadoop);
    LOG.info("Annotation {}: {}", out.runId(), config);

    ScorerFactory factory = ScorerFactory.forUri(config.modelUri());
    BeatScorer scorer = factory.load(config.modelUri(), hadoop);
    ScorerSpec spec = scorer.spec();
    requireCompatible(spec, config);
    List<AnnotateRecord.Task> tasks = tasks(config, hadoop);
    LOG.info("{} records in {} inputs; model {} ({} classes, {} Hz, {} channels)", tasks.size(), config.inputUris().size(),
        config.modelUri(), spec.classes(), spec.fsHz(), spec.leadCount());

    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<byte[]> model = jsc.broadcast(scorer.toBytes());
    try (out) {
      HadoopWfdbStorage staging = new HadoopWfdbStorage(hadoop, out.staging().toUri());
      HadoopWfdbStorage plots = new HadoopWfdbStorage(hadoop, new Path(out.staging(), PLOTS_DIR).toUri());
      AnnotateRecord perRecord = new AnnotateRecord(config, staging, plots);
      AnnotateChunk perChunk = new AnnotateChunk(config, new BroadcastScorer(factory, model), spec);
      AnnotatePasses passes = new AnnotatePasses(jsc, config, spec, scorer.geometry(config.batchSize()), perRecord, perChunk);

      List<AnnotateRecord.Plan> plans = passes.plan(tasks);
      Map<String, long[]> beats = passes.detect(plans);
      plans = plans.stream().map(AnnotateRecord.Plan::withoutBeats).toList();
      Map<String, float[]> templates = config.leads().recordTemplate() ? passes.templates(plans, beats) : Map.of();
      List<AnnotateRecord.Outcome> done = passes.score(spark, plans, beats, templates,
          new Path(out.staging(), BEATS_DIR).toString());

      Gathered g = gather(tasks, done, passes.failed());
      List<AnnotatedRecord> annotated = g.annotated();
      List<AnnotationSummaryFiles.Quarantined> quarantined = g.quarantined();
      if (annotated.isEmpty()) {
        throw new EcgPlatformException("Cannot annotate: none of the " + tasks.size() + " records could be annotated"
            + (quarantined.isEmpty() ? "" : " (first: " + quarantined.get(0).record() + ": " + quarantined.get(0).reason() + ")"));
      }
      Map<String, String> run = out.facts();
      run.put("model", config.modelUri());
      run.put("inputs", String.join(" ", config.inputUris()));
      run.put("annotator", config.annotator());
      run.put("min_run_beats", Integer.toString(config.minRunBeats()));
      AnnotationSummaryFiles.write(out.fs(), out.staging(), run, annotated, quarantined);
      out.publish();
      long total = annotated.stream().mapToLong(AnnotatedRecord::detectedBeats).sum();
      AnnotateResult result = new AnnotateResult(out.runId(), out.output().toString(), annotated, quarantined, total,
          (System.nanoTime() - start) / 1e9);
      LOG.info("Annotation {}: {} records, {} beats, {} quarantined, {} s -> {}", out.runId(), annotated.size(), total,
          quarantined.size(), String.format("%.1f", result.totalSeconds()), out.output());
      return result;
    } finally {
      jsc.setJobDescription(null);
      model.destroy();
    }
  }

  /**
   * The passes of the job, in order. Each names its Spark jobs ({@link #description()}: the job
   * description that Spark's UI and listeners show), so that a job's stages can be told apart.
   */
  public enum Pass {
    PLAN, DETECT, TEMPLATE, CLASSIFY, WRITE;

    private static final String PREFIX = "annotate: ";

    /** The Spark job description of this pass: {@code "annotate: detect"}, … */
    public String description() {
      return PREFIX + name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The pass whose Spark jobs carry this description; {@code null} for anything else. */
    public static Pass ofDescription(String description) {
      for (Pass p : values()) {
        if (p.description().equals(description)) {
          return p;
        }
      }
      return null;
    }
  }

  private record Gathered(List<AnnotatedRecord> annotated, List<AnnotationSummaryFiles.Quarantined> quarantined) {}

  /** The records annotated and those quarantined (by any pass), in input order; logs warnings and reasons. */
  private static Gathered gather(List<AnnotateRecord.Task> tasks, List<AnnotateRecord.Outcome> done,
      Map<String, String> failed) {
    Map<String, AnnotateRecord.Outcome> byRecord = new HashMap<>();
    done.forEach(o -> byRecord.put(o.record(), o));
    List<AnnotatedRecord> annotated = new ArrayList<>();
    List<AnnotationSummaryFiles.Quarantined> quarantined = new ArrayList<>();
    for (AnnotateRecord.Task t : tasks) {
      AnnotateRecord.Outcome o = byRecord.get(t.record());
      if (o != null && o.annotated() != null) {
        annotated.add(o.annotated());
        o.annotated().warnings().forEach(w -> LOG.warn("Record {}/{}: {}", t.database(), t.record(), w));
      } else {
        String reason = o != null ? o.reason() : failed.getOrDefault(t.record(), "no outcome (internal error)");
        LOG.warn("Record {}/{} quarantined: {}", t.database(), t.record(), reason);
        quarantined.add(new AnnotationSummaryFiles.Quarantined(t.database(), t.record(), reason));
      }
    }
    return new Gathered(annotated, quarantined);
  }

  /** Every record of every input, one task each; a record name twice is an error. */
  static List<AnnotateRecord.Task> tasks(AnnotateConfig config, Configuration hadoop) {
    Map<String, String> seen = new LinkedHashMap<>();
    List<AnnotateRecord.Task> tasks = new ArrayList<>();
    for (String input : config.inputUris()) {
      String database = HadoopFiles.baseName(input);
      HadoopWfdbStorage storage = new HadoopWfdbStorage(hadoop, URI.create(HadoopFiles.qualify(input, hadoop)));
      for (String record : RecordLister.list(input, hadoop)) {
        String previous = seen.put(record, input);
        if (previous != null) {
          throw new EcgPlatformException("Cannot annotate record " + record + ": it is in both " + previous + " and "
              + input + " (the annotation files are <output>/<record>." + config.annotator()
              + "; annotate these inputs in separate runs)");
        }
        tasks.add(new AnnotateRecord.Task(database, storage, record));
      }
    }
    if (tasks.isEmpty()) {
      throw new EcgPlatformException("Cannot annotate: no record in " + config.inputUris()
          + " (give directories of WFDB records, each with a RECORDS file or .hea headers)");
    }
    return tasks;
  }

  /** The model must take the windows this configuration cuts; the message says which etl.* key differs. */
  static void requireCompatible(ScorerSpec spec, AnnotateConfig config) {
    List<String> problems = new ArrayList<>();
    if (spec.fsHz() != config.extraction().targetFsHz()) {
      problems.add("rate " + spec.fsHz() + " Hz, etl.target-fs-hz gives " + config.extraction().targetFsHz());
    }
    if (spec.samplesBefore() != config.extraction().samplesBefore() || spec.samplesAfter() != config.extraction().samplesAfter()) {
      problems.add("window " + spec.samplesBefore() + " + " + spec.samplesAfter() + " samples, etl.window.before-s/after-s give "
          + config.extraction().samplesBefore() + " + " + config.extraction().samplesAfter());
    }
    Map<String, String> configured = EtlConfig.contractSettings(config.extraction(), config.leads());
    for (String key : DatasetSchema.conflictingSettings(spec.settings(), configured)) {
      problems.add(key + " " + spec.settings().get(key) + ", the configuration gives " + configured.get(key));
    }
    if (spec.leadCount() != config.channelCount()) {
      problems.add(spec.leadCount() + " channels, etl.leads.second/record-template give " + config.channelCount());
    }
    for (String c : spec.classes()) {
      if (java.util.Arrays.stream(AamiClass.values()).noneMatch(k -> k.name().equals(c))) {
        problems.add("class " + c + ", not an AAMI class " + AamiClass.vocabulary() + " (annotation files need one)");
      }
    }
    for (String rr : spec.rrFeatures()) {
      if (!AnnotateRecord.KNOWN_RR.contains(rr)) {
        problems.add("RR feature " + rr + " that the ETL does not compute (known: " + AnnotateRecord.KNOWN_RR + ")");
      }
    }
    if (!problems.isEmpty()) {
      throw new EcgPlatformException("Cannot annotate with model " + config.modelUri() + ": it expects "
          + String.join("; ", problems) + " (set the etl.* keys as in the ETL run that wrote the model's dataset)");
    }
  }
}
