package org.ecgplatform.evaluation.spark;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.ecgplatform.common.EcgPlatformException;
import org.ecgplatform.etl.io.HadoopWfdbStorage;
import org.ecgplatform.etl.wfdb.Annotation;
import org.ecgplatform.etl.wfdb.Annotations;
import org.ecgplatform.etl.wfdb.WfdbHeader;
import org.ecgplatform.etl.wfdb.WfdbRecord;
import org.ecgplatform.etl.wfdb.WfdbStorage;
import org.ecgplatform.evaluation.metrics.BeatMatcher;
import org.ecgplatform.evaluation.metrics.DetectionSummary;
import org.ecgplatform.evaluation.metrics.MatchSettings;
import org.ecgplatform.evaluation.metrics.RecordComparison;
import org.ecgplatform.evaluation.report.DetectionFiles;
import org.ecgplatform.evaluation.report.DetectionReport;
import org.ecgplatform.evaluation.report.SkippedRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores annotation files (a QRS detector's or a classifier's beats, {@code <record>.<annotator>}
 * in MIT format, such as the annotate job writes) against a database's reference annotations, beat
 * by beat, exactly as PhysioNet's {@code bxb} and {@code sumstats} do ({@link BeatMatcher}).
 *
 * <ol>
 *   <li>Check and list, on the driver: the output does not exist; the records are those with both
 *       a reference file {@code <reference>/<record>.<referenceAnnotator>} and a test file {@code
 *       <test>/<record>.<testAnnotator>}. A record with only one of them is reported as skipped
 *       (files, logs, HTML), never silently dropped.
 *   <li>Compare on the executors, one record per task: header (sampling frequency, length),
 *       reference and test annotations are read through Hadoop ({@code hdfs://}, {@code s3a://},
 *       local); a record whose files cannot be read or compared is quarantined with the reason and
 *       the run goes on. Only the per-record tallies (a 7×7 matrix and a few numbers) reach the
 *       driver.
 *   <li>Summarise (gross, average) and write, to the staging directory of {@link RunOutput}: bxb's
 *       and sumstats' text reports, metrics JSON/CSV naming the mode and the class mapping, the
 *       tallies and their heat map, the HTML report ({@link DetectionReport}).
 *   <li>Publish with the {@code _SUCCESS} marker and append the history row, as the classification
 *       mode does.
 * </ol>
 */
public final class DetectionJob {
  private static final Logger LOG = LoggerFactory.getLogger(DetectionJob.class);

  private DetectionJob() {}

  public static DetectionResult run(SparkSession spark, DetectionConfig config) {
    long start = System.nanoTime();
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    RunOutput out = RunOutput.open(config.outputUri(), hadoop);
    LOG.info("Detection evaluation {}: {}", out.runId(), config);

    TreeSet<String> references = records(config.referenceUri(), config.referenceAnnotator(), "--reference", hadoop);
    TreeSet<String> tests = records(config.testUri(), config.testAnnotator(), "--test", hadoop);
    List<String> paired = new ArrayList<>();
    List<SkippedRecord> skipped = new ArrayList<>();
    for (String r : union(references, tests)) {
      if (!tests.contains(r)) {
        skipped.add(new SkippedRecord(r, "no test annotation file " + r + "." + config.testAnnotator() + " in " + config.testUri()));
      } else if (!references.contains(r)) {
        skipped.add(new SkippedRecord(r, "no reference annotation file " + r + "." + config.referenceAnnotator() + " in "
            + config.referenceUri()));
      } else {
        paired.add(r);
      }
    }
    if (paired.isEmpty()) {
      throw new EcgPlatformException("Cannot evaluate detections: no record has both a reference file (*."
          + config.referenceAnnotator() + " in " + config.referenceUri() + ", " + references.size() + " found) and a test file (*."
          + config.testAnnotator() + " in " + config.testUri() + ", " + tests.size() + " found) (check --test-annotator and the directories)");
    }
    LOG.info("{} records to compare, {} without both files", paired.size(), skipped.size());

    CompareRecord compare = new CompareRecord(
        new HadoopWfdbStorage(hadoop, URI.create(config.referenceUri())), new HadoopWfdbStorage(hadoop, URI.create(config.testUri())),
        config.referenceAnnotator(), config.testAnnotator(), config.settings());
    List<RecordOutcome> outcomes = JavaSparkContext.fromSparkContext(spark.sparkContext())
        .parallelize(paired, paired.size())
        .map(compare::apply)
        .collect();
    List<RecordComparison> compared = new ArrayList<>();
    for (RecordOutcome o : outcomes) {
      if (o.comparison() != null) {
        compared.add(o.comparison());
        o.comparison().warnings().forEach(w -> LOG.warn("Record {}: {}", o.record(), w));
      } else {
        LOG.warn("Record {} quarantined: {}", o.record(), o.error());
        skipped.add(new SkippedRecord(o.record(), o.error()));
      }
    }
    skipped.sort((a, b) -> a.record().compareTo(b.record()));
    if (compared.isEmpty()) {
      throw new EcgPlatformException("Cannot evaluate detections: none of the " + paired.size()
          + " records could be compared (first: " + skipped.get(0).record() + ": " + skipped.get(0).reason() + ")");
    }
    DetectionSummary summary = DetectionSummary.of(config.settings().classMapping(), compared);
    LOG.info("Compared {} records ({} reference beats), class mapping {}", compared.size(), summary.referenceBeats(),
        config.settings().classMapping());

    DetectionResult result;
    try (out) {
      Map<String, String> run = out.facts();
      run.put("mode", DetectionFiles.MODE);
      run.put("class_mapping", config.settings().classMapping().configName());
      run.put("model", config.testUri() + " (annotator " + config.testAnnotator() + ")");
      run.put("dataset", config.referenceUri() + " (annotator " + config.referenceAnnotator() + ")");
      run.put("match_window_s", Double.toString(config.settings().matchWindowS()));
      run.put("start_s", Double.toString(config.settings().startS()));
      DetectionReport.write(out.fs(), out.staging(), new DetectionReport.Content(
          "ECG beat detection: evaluation " + out.runId(), run, summary, config.settings(), config.referenceAnnotator(),
          config.testAnnotator(), skipped));
      out.publish();
      Path history = out.historyDir(config.historyDir());
      RunOutput.appendHistory(spark, history, run, summary.referenceBeats(), DetectionFiles.flat(summary));
      result = new DetectionResult(out.runId(), out.output().toString(), history.toString(), summary, skipped,
          (System.nanoTime() - start) / 1e9);
    }
    LOG.info("Detection evaluation {} written to {} in {} s", out.runId(), out.output(), String.format("%.1f", result.totalSeconds()));
    return result;
  }

  private static TreeSet<String> union(TreeSet<String> a, TreeSet<String> b) {
    TreeSet<String> u = new TreeSet<>(a);
    u.addAll(b);
    return u;
  }

  /** Record names of the {@code *.<annotator>} files directly in {@code dir}. */
  static TreeSet<String> records(String dir, String annotator, String option, Configuration hadoop) {
    Path p = new Path(dir);
    FileSystem fs = RunOutput.fs(p, hadoop);
    String suffix = "." + annotator;
    TreeSet<String> names = new TreeSet<>();
    try {
      if (!fs.getFileStatus(p).isDirectory()) {
        throw new EcgPlatformException("Cannot list annotation files in " + dir + ": not a directory (check " + option + ")");
      }
      for (FileStatus f : fs.listStatus(p)) {
        String name = f.getPath().getName();
        if (f.isFile() && name.endsWith(suffix) && name.length() > suffix.length()) {
          names.add(name.substring(0, name.length() - suffix.length()));
        }
      }
    } catch (java.io.FileNotFoundException e) {
      throw new EcgPlatformException("Cannot list annotation files in " + dir + ": no such directory (check " + option + ")", e);
    } catch (IOException e) {
      throw new EcgPlatformException("Cannot list annotation files in " + dir + ": " + e.getMessage() + " (check " + option + ")", e);
    }
    return names;
  }

  /** One record's comparison, or why it could not be made. */
  record RecordOutcome(String record, RecordComparison comparison, String error) implements Serializable {}

  /** Reads and compares one record on an executor; domain errors become a quarantined outcome. */
  record CompareRecord(HadoopWfdbStorage reference, HadoopWfdbStorage test, String referenceAnnotator, String testAnnotator,
      MatchSettings settings) implements Serializable {

    RecordOutcome apply(String record) {
      try {
        WfdbHeader header = WfdbRecord.open(reference, record).header();
        List<Annotation> ref = Annotations.read(reference, record, referenceAnnotator);
        // The test file is read beside the reference header, so that its times are checked against
        // the record's length and converted if it declares another time resolution.
        List<Annotation> tst = Annotations.read(new TestFileBesideHeader(reference, test, record + "." + testAnnotator), record,
            testAnnotator);
        return new RecordOutcome(record,
            BeatMatcher.compare(record, ref, tst, header.fsHz(), header.nSamples(), settings), null);
      } catch (EcgPlatformException | IllegalArgumentException e) {
        return new RecordOutcome(record, null, e.getMessage());
      }
    }
  }

  /** A record directory seen as the reference database, except for one file taken from the test directory. */
  private record TestFileBesideHeader(WfdbStorage reference, WfdbStorage test, String testFile) implements WfdbStorage {
    private WfdbStorage of(String name) {
      return name.equals(testFile) ? test : reference;
    }

    @Override
    public boolean exists(String name) throws IOException {
      return of(name).exists(name);
    }

    @Override
    public long size(String name) throws IOException {
      return of(name).size(name);
    }

    @Override
    public Input open(String name) throws IOException {
      return of(name).open(name);
    }

    @Override
    public OutputStream create(String name) {
      throw new UnsupportedOperationException("Cannot write " + name + ": the comparison only reads");
    }

    @Override
    public String describe(String name) {
      return of(name).describe(name);
    }
  }
}
