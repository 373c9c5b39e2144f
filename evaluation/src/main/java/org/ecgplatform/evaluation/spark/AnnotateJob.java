package org.ecgplatform.evaluation.spark;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.ecgplatform.common.EcgPlatformException;
import org.ecgplatform.etl.beats.AamiClass;
import org.ecgplatform.etl.io.HadoopFiles;
import org.ecgplatform.etl.io.HadoopWfdbStorage;
import org.ecgplatform.etl.spark.RecordLister;
import org.ecgplatform.evaluation.report.AnnotatedRecord;
import org.ecgplatform.evaluation.report.AnnotationSummaryFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The annotation job: WFDB records WITHOUT reference annotations in, beats found and classified
 * out. Steps:
 *
 * <ol>
 *   <li>On the driver: the output does not exist ({@link RunOutput}); the model loads and its
 *       contract (rate, window, channels, RR features) is that of the windows {@code etl.*} cuts,
 *       else the run stops before reading a record; the records of every {@code --input} are listed
 *       (record names must be unique across inputs, since the files are {@code
 *       <output>/<record>.<annotator>}).
 *   <li>On the executors, one record per task ({@link AnnotateRecord}): detect, window as the ETL,
 *       classify, write the MIT annotation file; a bad record is quarantined with its reason.
 *   <li>Write the beats Parquet ({@value #BEATS_DIR}: {@code database, record, sample, time_s,
 *       class, symbol, probabilities}), the summaries ({@link AnnotationSummaryFiles}) and, with
 *       {@code evaluation.annotate.write-plots}, a tachogram per record ({@value #PLOTS_DIR}), then
 *       publish the staging directory with the {@code _SUCCESS} marker.
 * </ol>
 *
 * <p>Long records: QRS detection runs chunk by chunk inside the record's task, but the record is
 * still one task and is read into memory whole (about 4 bytes per sample per ECG lead, plus the
 * windows: ~60 MB for a 24-hour two-lead Holter at 360 Hz).
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
      AnnotateRecord annotate = new AnnotateRecord(config, new BroadcastScorer(factory, model), spec, staging, plots);
      JavaRDD<AnnotateRecord.Outcome> outcomes = jsc.parallelize(tasks, Math.max(1, tasks.size()))
          .map(annotate::apply)
          .persist(StorageLevel.MEMORY_AND_DISK());
      spark.createDataFrame(outcomes.flatMap(o -> o.rows().iterator()), AnnotateRecord.BEATS_SCHEMA)
          .write()
          .parquet(new Path(out.staging(), BEATS_DIR).toString());
      List<AnnotateRecord.Outcome> done = outcomes.map(AnnotateRecord.Outcome::withoutRows).collect();
      outcomes.unpersist(false);

      List<AnnotatedRecord> annotated = new ArrayList<>();
      List<AnnotationSummaryFiles.Quarantined> quarantined = new ArrayList<>();
      for (AnnotateRecord.Outcome o : done) {
        if (o.annotated() != null) {
          annotated.add(o.annotated());
          o.annotated().warnings().forEach(w -> LOG.warn("Record {}/{}: {}", o.database(), o.record(), w));
        } else {
          LOG.warn("Record {}/{} quarantined: {}", o.database(), o.record(), o.reason());
          quarantined.add(new AnnotationSummaryFiles.Quarantined(o.database(), o.record(), o.reason()));
        }
      }
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
      long beats = annotated.stream().mapToLong(AnnotatedRecord::detectedBeats).sum();
      AnnotateResult result = new AnnotateResult(out.runId(), out.output().toString(), annotated, quarantined, beats,
          (System.nanoTime() - start) / 1e9);
      LOG.info("Annotation {}: {} records, {} beats, {} quarantined, {} s -> {}", out.runId(), annotated.size(), beats,
          quarantined.size(), String.format("%.1f", result.totalSeconds()), out.output());
      return result;
    } finally {
      model.destroy();
    }
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
