package org.ecgplatform.evaluation.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.File;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.ecgplatform.common.ConfigException;
import org.ecgplatform.common.ConfigLoader;
import org.ecgplatform.common.EcgPlatformException;
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
import org.ecgplatform.etl.cli.JobOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Command line of the evaluation job: parse, build an {@link EvaluateConfig}, call {@link
 * EvaluateJob#run}, print a summary. The Spark master comes from {@code spark-submit} (never set
 * here).
 *
 * <p>Exit codes: {@value #EXIT_OK} success; {@value #EXIT_ERROR} the run failed (message on
 * stderr); {@value #EXIT_USAGE} bad arguments or configuration; {@value #EXIT_GATE_FAILED} the run
 * completed but the regression gate failed (reason on stderr).
 */
@Command(
    name = "ecg-evaluate",
    mixinStandardHelpOptions = true,
    version = "ecg-evaluate 0.1.0",
    description = {
      "Two modes, both writing EC57 metrics (JSON, CSV), an HTML report and a history row to --output:",
      "  classification (default): scores a beat dataset split (--dataset) with a trained model (--model) on Spark: "
          + "predictions, confusion matrices and, with --baseline, the regression gate verdict.",
      "  detection: scores annotation files (--test, <record>.<test-annotator>) against a WFDB database's reference "
          + "annotations (--reference) beat by beat, as PhysioNet's bxb -f 0 does (150 ms window, unmatched beats as O "
          + "and X), one record per task: bxb and sumstats text reports, per-record and gross/average results.",
      "evaluation.class-mapping=aami|bxb chooses the class of the escape beats e, j (N under aami, S under bxb); "
          + "every output names it.",
      "Configuration keys (see reference.conf) are given as key=value, with or without the 'evaluation.' prefix."
    },
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {"0:success", "1:the run failed", "2:bad arguments or configuration", "3:regression gate failed"})
public final class EvaluateMain implements Callable<Integer> {
  public static final int EXIT_OK = 0;
  public static final int EXIT_ERROR = 1;
  public static final int EXIT_USAGE = 2;
  public static final int EXIT_GATE_FAILED = 3;
  /** Skipped records listed on the console (all are in the output's records_skipped.csv). */
  private static final int SKIPPED_SHOWN = 5;

  /** What a run evaluates. */
  enum Mode {
    /** A model classifies the reference beats of a dataset split. */
    classification,
    /** Annotation files are matched beat by beat with reference annotations. */
    detection
  }

  @Option(names = "--mode", paramLabel = "<mode>", description = "classification (default) or detection")
  Mode mode = Mode.classification;

  @Option(names = "--model", paramLabel = "<URI>", description = "classification: trained model to evaluate (required)")
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

  @Parameters(paramLabel = "key=value", arity = "0..*", description = "configuration overrides, e.g. split=val gate.macroF1.maxDrop=0.02")
  List<String> overrides = new ArrayList<>();

  @Option(names = "--env", paramLabel = "<name>", description = "environment: <conf-dir>/<name>.conf (default: local)")
  String env = "local";

  @Option(names = "--conf-dir", paramLabel = "<dir>", description = "directory of environment files (default: $ECG_CONF_DIR, else ./conf)")
  File confDir;

  @Option(names = "--config", paramLabel = "<file>", description = "HOCON file to use instead of <conf-dir>/<env>.conf")
  File configFile;

  @CommandLine.Spec CommandSpec spec;

  private final SparkSession session;

  private EvaluateMain(SparkSession session) {
    this.session = session;
  }

  public static void main(String[] args) {
    System.exit(execute(null, new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  /**
   * Runs the command; {@code spark} null creates (and stops) a session from the environment.
   *
   * @return the exit code
   */
  public static int execute(SparkSession spark, PrintWriter out, PrintWriter err, String... args) {
    CommandLine cmd = new CommandLine(new EvaluateMain(spark));
    cmd.setOut(out);
    cmd.setErr(err);
    cmd.setExecutionExceptionHandler(
        (e, c, parsed) -> {
          if (e instanceof ConfigException) {
            c.getErr().println(e.getMessage());
            return EXIT_USAGE;
          }
          if (e instanceof EcgPlatformException) {
            c.getErr().println(e.getMessage());
            return EXIT_ERROR;
          }
          throw e;
        });
    return cmd.execute(args);
  }

  /** The overrides over the defaults, without an environment file. */
  static Config loadConfig(List<String> overrides) {
    return loadConfig(overrides, null);
  }

  /**
   * The overrides (the 'evaluation.' prefix may be left out; other stages' keys are ignored), then
   * the environment file, conf/defaults.conf and reference.conf.
   */
  static Config loadConfig(List<String> overrides, File envFile) {
    List<String> rewritten = new ArrayList<>();
    for (String o : overrides) {
      int eq = o.indexOf('=');
      if (eq <= 0) {
        throw new ConfigException("Invalid override '" + o + "': expected key=value (e.g. split=val)");
      }
      String key = o.substring(0, eq).trim();
      if (key.startsWith("etl.") || key.startsWith("training.") || key.startsWith("synth.")) {
        continue; // another stage's setting (pipeline.sh passes every override to every stage)
      }
      boolean sparkKey = key.equals("spark.master") || key.startsWith("spark.conf.") || key.startsWith("spark.nd4j.");
      if (!key.startsWith(EvaluateConfig.ROOT + ".") && !sparkKey) {
        key = EvaluateConfig.ROOT + "." + key;
      }
      rewritten.add(key + "=" + o.substring(eq + 1).trim());
    }
    try {
      return ConfigLoader.parseOverrides(rewritten)
          .withFallback(ConfigLoader.load(envFile, List.of(), "spark")).resolve();
    } catch (com.typesafe.config.ConfigException e) {
      throw new ConfigException("Invalid configuration: " + e.getMessage(), e);
    }
  }

  /** --config, else {@code <conf-dir>/<env>.conf} when it exists, else none. */
  File environmentFile() {
    return JobOptions.environmentFile(configFile, confDir, env);
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

  @Override
  public Integer call() {
    checkOptions();
    Config merged = loadConfig(overrides, environmentFile());
    if (mode == Mode.detection) {
      return detect(merged);
    }
    EvaluateConfig config = EvaluateConfig.from(merged, model, dataset, output, baseline);
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
      out.printf(Locale.ROOT, "  scoring %.1f s (%.0f beats/s), total %.1f s%n", r.scoringSeconds(), r.beats() / r.scoringSeconds(), r.totalSeconds());
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
