package org.ecgplatform.evaluation.cli;

import com.typesafe.config.Config;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.ecgplatform.etl.beats.AamiClass;
import org.ecgplatform.etl.cli.Cli;
import org.ecgplatform.etl.cli.JobOptions;
import org.ecgplatform.etl.spark.Sessions;
import org.ecgplatform.evaluation.metrics.RhythmSummary;
import org.ecgplatform.evaluation.report.AnnotatedRecord;
import org.ecgplatform.evaluation.report.AnnotationSummaryFiles;
import org.ecgplatform.evaluation.spark.AnnotateConfig;
import org.ecgplatform.evaluation.spark.AnnotateJob;
import org.ecgplatform.evaluation.spark.AnnotateResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * Command line of the annotation job: parse, build an {@link AnnotateConfig}, call {@link
 * AnnotateJob#run}, print a summary. The Spark master comes from {@code spark-submit} (never set
 * here). Options and configuration as every job ({@link JobOptions}).
 */
@Command(
    name = "ecg-annotate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    version = "ecg-annotate 0.1.0",
    description = {
      "Annotates WFDB records that have no reference annotations: finds the beats with the platform's QRS detector "
          + "(etl.detect.*), cuts their windows with the ETL's own cleaning, resampling and windowing (etl.*; must match "
          + "the model) and classifies them with a trained model (per-beat or sequence); long records in chunks of "
          + "evaluation.annotate.detect-chunk-s seconds, one Spark task each.",
      "Writes to --output: <record>.<annotator> in MIT format (N, A, V, F, Q; Q also for beats too close to the record's "
          + "ends to classify), beats/ (Parquet: database, record, sample, time_s, class, symbol, probabilities), "
          + "summary.csv, summary-hourly.csv and summary.json (beats per class, mean heart rate, longest V run, S runs, "
          + "ectopy burden), quarantine.csv (records that could not be annotated, with the reason)."
    },
    footer = {"", "Keys: evaluation.annotate.* and evaluation.batch-size (evaluation/src/main/resources/reference.conf), "
        + "etl.* for the windows and the detector (etl/src/main/resources/reference.conf), spark.*, e.g. "
        + "evaluation.annotate.annotator=cls etl.detect.refinement-passes=1."},
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {"0:success", "1:the run failed", "2:bad arguments or configuration"})
public final class AnnotateMain implements Callable<Integer> {
  private static final int QUARANTINED_SHOWN = 5;

  /** The configuration roots this job reads and checks. */
  private static final String[] ROOTS = {"evaluation", "etl", "spark"};

  @Option(names = "--model", required = true, paramLabel = "<URI>", description = "trained model directory (model.zip, model.json); several, separated by commas, annotate as one"
      + " ensemble: the mean of their class probabilities")
  String model;

  @Option(names = "--input", required = true, paramLabel = "<URI>",
      description = "WFDB database directory to annotate (every record of it); repeat for several")
  List<String> inputs = new ArrayList<>();

  @Option(names = "--output", required = true, paramLabel = "<URI>", description = "output directory; must not exist")
  String output;

  @Mixin JobOptions job = new JobOptions();

  @CommandLine.Spec CommandSpec spec;

  private final SparkSession session;

  AnnotateMain(SparkSession session) {
    this.session = session;
  }

  public static void main(String[] args) {
    Cli.exit(execute(null, new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  /**
   * Runs the command; {@code spark} null creates (and stops) a session from the environment.
   *
   * @return the exit code
   */
  public static int execute(SparkSession spark, PrintWriter out, PrintWriter err, String... args) {
    return Cli.execute(new AnnotateMain(spark), out, err, args);
  }

  @Override
  public Integer call() {
    Config merged = job.load(ROOTS);
    AnnotateConfig config = AnnotateConfig.from(merged, model, inputs, output);
    if (job.printed(merged, ROOTS)) {
      return Cli.EXIT_OK;
    }
    SparkSession spark = session != null ? session : Sessions.create("ecg-annotate", merged);
    try {
      AnnotateResult r = AnnotateJob.run(spark, config);
      PrintWriter out = spec.commandLine().getOut();
      out.printf(Locale.ROOT, "Annotation %s: %d records, %d beats, %d quarantined -> %s (%.1f s)%n", r.runId(),
          r.records().size(), r.beats(), r.quarantined().size(), r.outputUri(), r.totalSeconds());
      out.printf(Locale.ROOT, "  %-10s %7s %6s %6s %6s %6s %6s %8s %6s %6s %7s%n", "record", "beats", "N", "S", "V", "F", "Q",
          "HR bpm", "V run", "S runs", "ectopy");
      for (AnnotatedRecord a : r.records()) {
        RhythmSummary s = a.summary();
        out.printf(Locale.ROOT, "  %-10s %7d %6d %6d %6d %6d %6d %8.1f %6d %6d %6.1f%%%n", a.record(), s.beats(),
            s.count(AamiClass.N), s.count(AamiClass.S),
            s.count(AamiClass.V), s.count(AamiClass.F),
            s.count(AamiClass.Q), s.meanHeartRateBpm(), s.longestVRun(), s.sRuns(),
            100 * s.ectopyBurden());
      }
      int shown = Math.min(QUARANTINED_SHOWN, r.quarantined().size());
      for (AnnotationSummaryFiles.Quarantined q : r.quarantined().subList(0, shown)) {
        out.printf(Locale.ROOT, "  quarantined %s/%s: %s%n", q.database(), q.record(), q.reason());
      }
      if (r.quarantined().size() > shown) {
        out.printf(Locale.ROOT, "  ... and %d more (%s)%n", r.quarantined().size() - shown, AnnotationSummaryFiles.QUARANTINE_CSV);
      }
      out.flush();
      return Cli.EXIT_OK;
    } finally {
      if (session == null) {
        spark.stop();
      }
    }
  }
}
