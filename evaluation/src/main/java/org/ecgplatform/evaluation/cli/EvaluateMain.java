package org.ecgplatform.evaluation.cli;

import com.typesafe.config.Config;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.ecgplatform.etl.cli.Cli;
import org.ecgplatform.etl.cli.JobOptions;
import org.ecgplatform.etl.spark.Sessions;
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
      "Scores a beat dataset split with a trained model on Spark and writes predictions, EC57 metrics, "
          + "confusion matrices, an HTML report and, with --baseline, the regression gate verdict."
    },
    footer = {"", "Keys: evaluation.* (evaluation/src/main/resources/reference.conf) and spark.*, e.g.",
        "evaluation.split=val evaluation.gate.macro-f1.max-drop=0.02."},
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {"0:success", "1:the run failed", "2:bad arguments or configuration", "3:regression gate failed"})
public final class EvaluateMain implements Callable<Integer> {
  public static final int EXIT_OK = Cli.EXIT_OK;
  public static final int EXIT_ERROR = Cli.EXIT_ERROR;
  public static final int EXIT_USAGE = Cli.EXIT_USAGE;
  public static final int EXIT_GATE_FAILED = 3;

  /** The configuration roots this job reads and checks. */
  private static final String[] ROOTS = {EvaluateConfig.ROOT, "spark"};

  @Option(names = "--model", required = true, paramLabel = "<URI>", description = "Trained model to evaluate.")
  String model;

  @Option(names = "--dataset", required = true, paramLabel = "<URI>", description = "Beat dataset written by the ETL.")
  String dataset;

  @Option(names = "--output", required = true, paramLabel = "<URI>", description = "Output directory; must not exist.")
  String output;

  @Option(names = "--baseline", paramLabel = "<URI>", description = "A previous evaluation output to compare with and gate against.")
  String baseline;

  @Mixin JobOptions job = new JobOptions();

  @CommandLine.Spec CommandSpec spec;

  private final SparkSession session;

  EvaluateMain(SparkSession session) {
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
    Config merged = merged();
    EvaluateConfig config = config(merged);
    if (job.printed(merged, ROOTS)) {
      return EXIT_OK;
    }
    SparkSession spark = session != null ? session : Sessions.create("ecg-evaluate", merged);
    try {
      EvaluateResult r = EvaluateJob.run(spark, config);
      PrintWriter out = spec.commandLine().getOut();
      Map<String, Double> m = r.metrics().flat();
      out.printf(Locale.ROOT, "Evaluation %s: %d beats of %d records -> %s%n", r.runId(), r.beats(), r.metrics().perRecord().size(), r.outputUri());
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
}
