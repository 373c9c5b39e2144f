package org.ecgplatform.evaluation.cli;

import com.typesafe.config.Config;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.ecgplatform.etl.cli.Cli;
import org.ecgplatform.etl.cli.JobOptions;
import org.ecgplatform.etl.spark.Sessions;
import org.ecgplatform.evaluation.metrics.DetectionStatistic;
import org.ecgplatform.evaluation.metrics.DetectionSummary;
import org.ecgplatform.evaluation.report.DetectionReport;
import org.ecgplatform.evaluation.report.SkippedRecord;
import org.ecgplatform.evaluation.spark.DetectionConfig;
import org.ecgplatform.evaluation.spark.DetectionJob;
import org.ecgplatform.evaluation.spark.DetectionResult;
import org.ecgplatform.evaluation.spark.EvaluateConfig;
import org.ecgplatform.evaluation.spark.EvaluateJob;
import org.ecgplatform.evaluation.spark.EvaluateResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * Command line of the evaluation job: parse, build an {@link EvaluateConfig}, call {@link
 * EvaluateJob#run}, print a summary. The Spark master comes from {@code spark-submit} (never set
 * here). Options and configuration as every job ({@link JobOptions}).
 *
 * <p>Exit codes: {@value #EXIT_OK} success; {@value #EXIT_ERROR} the run failed (message on
 * stderr); {@value #EXIT_USAGE} bad arguments or configuration; {@value #EXIT_GATE_FAILED} the run
 * completed but the regression gate failed (reason on stderr).
 */
@Command(
    name = "ecg-evaluate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    version = "ecg-evaluate 0.1.0",
    description = {
      "Two modes, both writing EC57 metrics (JSON, CSV), an HTML report and a history row to --output:",
      "  classification (default): scores a beat dataset split (--dataset) with a trained model (--model) on Spark: "
          + "predictions, confusion matrices and, with --baseline, the regression gate verdict.",
      "  detection: scores annotation files (--test, <record>.<test-annotator>) against a WFDB database's reference "
          + "annotations (--reference) beat by beat, as PhysioNet's bxb -f 0 does (150 ms window, unmatched beats as O "
          + "and X), one record per task: bxb and sumstats text reports, per-record and gross/average results.",
      "evaluation.class-mapping=aami|bxb chooses the class of the escape beats e, j (N under aami, S under bxb); "
          + "every output names it."
    },
    footer = {"", "Keys: evaluation.* (evaluation/src/main/resources/reference.conf) and spark.*, e.g. "
        + "evaluation.split=val evaluation.gate.macro-f1.max-drop=0.02."},
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {"0:success", "1:the run failed", "2:bad arguments or configuration", "3:regression gate failed"})
public final class EvaluateMain implements Callable<Integer> {
  public static final int EXIT_OK = Cli.EXIT_OK;
  public static final int EXIT_ERROR = Cli.EXIT_ERROR;
  public static final int EXIT_USAGE = Cli.EXIT_USAGE;
  public static final int EXIT_GATE_FAILED = 3;

  private static final int SKIPPED_SHOWN = 5;

  /** The configuration roots this job reads and checks. */
  private static final String[] ROOTS = {EvaluateConfig.ROOT, "spark"};

  /** What a run evaluates. */
  enum Mode {
    /** A model classifies the reference beats of a dataset split. */
    classification,
    /** Annotation files are matched beat by beat with reference annotations. */
    detection
  }

  @Option(names = "--mode", paramLabel = "<mode>", description = "classification (default) or detection")
  Mode mode = Mode.classification;

  @Option(names = "--model", paramLabel = "<URI>", description = "classification: trained model to evaluate (required); several, separated by commas, score as one"
      + " ensemble: the mean of their class probabilities (e.g. models of one configuration trained with different seeds)")
  String model;

  @Option(names = "--dataset", paramLabel = "<URI>", description = "classification: beat dataset written by the ETL (required)")
  String dataset;

  @Option(names = "--test", paramLabel = "<URI>",
      description = "detection: directory of the annotation files to score, <record>.<test-annotator> (required)")
  String test;

  @Option(names = "--test-annotator", paramLabel = "<name>",
      description = "detection: annotator name (file extension) of the files to score, e.g. qrs (required)")
  String testAnnotator;

  @Option(names = "--reference", paramLabel = "<URI>",
      description = "detection: WFDB database directory with each record's header and reference annotations (required)")
  String reference;

  @Option(names = "--reference-annotator", paramLabel = "<name>",
      description = "detection: annotator name of the reference annotations (default: atr)")
  String referenceAnnotator = DetectionConfig.DEFAULT_REFERENCE_ANNOTATOR;

  @Option(names = "--output", paramLabel = "<URI>", description = "output directory; must not exist (required)")
  String output;

  @Option(names = "--baseline", paramLabel = "<URI>",
      description = "classification: a previous evaluation output to compare with and gate against")
  String baseline;

  @Mixin JobOptions job = new JobOptions();

  @CommandLine.Spec CommandSpec spec;

  private final SparkSession session;

  EvaluateMain(SparkSession session) {
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
    return Cli.execute(new EvaluateMain(spark), out, err, args);
  }

  /** The effective configuration of these arguments (no Spark needed). */
  EvaluateConfig config(Config merged) {
    return EvaluateConfig.from(merged, model, dataset, output, baseline);
  }

  /** The merged configuration of these arguments. */
  Config merged() {
    return job.load(ROOTS);
  }

  @Override
  public Integer call() {
    checkOptions();
    Config merged = merged();
    if (mode == Mode.detection) {
      if (job.printed(merged, ROOTS)) {
        return EXIT_OK;
      }
      return detect(merged);
    }
    EvaluateConfig config = config(merged);
    if (job.printed(merged, ROOTS)) {
      return EXIT_OK;
    }
    SparkSession spark = session != null ? session : Sessions.create("ecg-evaluate", merged);
    try {
      EvaluateResult r = EvaluateJob.run(spark, config);
      PrintWriter out = spec.commandLine().getOut();
      Map<String, Double> m = r.metrics().flat();
      out.printf(Locale.ROOT, "Evaluation %s: %d beats of %d records -> %s (class mapping %s)%n", r.runId(), r.beats(),
          r.metrics().perRecord().size(), r.outputUri(), r.metrics().classMapping());
      for (String k : List.of("accuracy", "macroF1", "kappa", "vebSe", "vebPpv", "vebFpr", "svebSe", "svebPpv")) {
        out.printf(Locale.ROOT, "  %-9s %s%n", k, Double.isNaN(m.get(k)) ? "-" : String.format(Locale.ROOT, "%.4f", m.get(k)));
      }
      out.printf(Locale.ROOT, "  scoring %.1f s (%.0f beats/s; the network's calls %.1f s of task time), total %.1f s%n",
          r.scoringSeconds(), r.beats() / r.scoringSeconds(), r.networkSeconds(), r.totalSeconds());
      if (r.gate().isPresent()) {
        out.println("  " + r.gate().get().message());
      }
      out.flush();
      if (!r.gatePassed()) {
        spec.commandLine().getErr().println(r.gate().orElseThrow().message());
        return EXIT_GATE_FAILED;
      }
      return EXIT_OK;
    } finally {
      if (session == null) {
        spark.stop();
      }
    }
  }

  /** Options each mode requires and options it does not take, as a usage error. */
  private void checkOptions() {
    Map<String, String> required = new LinkedHashMap<>();
    Map<String, String> unused = new LinkedHashMap<>();
    if (mode == Mode.classification) {
      required.put("--model", model);
      required.put("--dataset", dataset);
      unused.put("--test", test);
      unused.put("--test-annotator", testAnnotator);
      unused.put("--reference", reference);
    } else {
      required.put("--test", test);
      required.put("--test-annotator", testAnnotator);
      required.put("--reference", reference);
      unused.put("--model", model);
      unused.put("--dataset", dataset);
      unused.put("--baseline", baseline);
    }
    required.put("--output", output);
    List<String> missing = new ArrayList<>();
    required.forEach((k, v) -> {
      if (v == null) {
        missing.add(k);
      }
    });
    if (!missing.isEmpty()) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "Missing required options for --mode " + mode + ": " + String.join(", ", missing));
    }
    unused.forEach((k, v) -> {
      if (v != null) {
        throw new CommandLine.ParameterException(spec.commandLine(), "Option " + k + " is not used with --mode " + mode
            + " (see --help)");
      }
    });
  }

  private int detect(Config merged) {
    DetectionConfig config = DetectionConfig.from(merged, test, testAnnotator, reference, referenceAnnotator, output);
    SparkSession spark = session != null ? session : Sessions.create("ecg-evaluate-detection", merged);
    try {
      DetectionResult r = DetectionJob.run(spark, config);
      DetectionSummary s = r.summary();
      PrintWriter out = spec.commandLine().getOut();
      out.printf(Locale.ROOT, "Detection evaluation %s: %d records, %d reference beats, %d records skipped -> %s (class mapping %s)%n",
          r.runId(), s.perRecord().size(), s.referenceBeats(), r.skipped().size(), r.outputUri(), s.classMapping());
      out.printf(Locale.ROOT, "  %-26s %8s %8s%n", "", "gross %", "avg %");
      for (DetectionStatistic st : DetectionStatistic.values()) {
        out.printf(Locale.ROOT, "  %-26s %8s %8s%n", st.label(), percent(s.gross().get(st).value()), percent(s.average().get(st).mean()));
      }
      out.printf(Locale.ROOT, "  %-26s %8s %8s%n", "RMS RR interval error (ms)", "",
          s.rrErrorMs().isDefined() ? String.format(Locale.ROOT, "%.2f", s.rrErrorMs().mean()) : "-");
      int shown = Math.min(SKIPPED_SHOWN, r.skipped().size());
      for (SkippedRecord k : r.skipped().subList(0, shown)) {
        out.printf(Locale.ROOT, "  skipped %s: %s%n", k.record(), k.reason());
      }
      if (r.skipped().size() > shown) {
        out.printf(Locale.ROOT, "  ... and %d more (%s)%n", r.skipped().size() - shown, DetectionReport.SKIPPED_CSV);
      }
      out.flush();
      return EXIT_OK;
    } finally {
      if (session == null) {
        spark.stop();
      }
    }
  }

  private static String percent(double fraction) {
    return Double.isNaN(fraction) ? "-" : String.format(Locale.ROOT, "%.2f", 100 * fraction);
  }
}
