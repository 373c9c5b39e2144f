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
import org.ecgplatform.evaluation.spark.EvaluateConfig;
import org.ecgplatform.evaluation.spark.EvaluateJob;
import org.ecgplatform.evaluation.spark.EvaluateResult;
import org.ecgplatform.etl.cli.Cli;
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
      "Scores a beat dataset split with a trained model on Spark and writes predictions, EC57 metrics, "
          + "confusion matrices, an HTML report and, with --baseline, the regression gate verdict.",
      "Configuration keys (see reference.conf) are given as key=value, with or without the 'evaluation.' prefix."
    },
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {"0:success", "1:the run failed", "2:bad arguments or configuration", "3:regression gate failed"})
public final class EvaluateMain implements Callable<Integer> {
  public static final int EXIT_OK = 0;
  public static final int EXIT_ERROR = 1;
  public static final int EXIT_USAGE = 2;
  public static final int EXIT_GATE_FAILED = 3;

  @Option(names = "--model", required = true, paramLabel = "<URI>", description = "trained model to evaluate")
  String model;

  @Option(names = "--dataset", required = true, paramLabel = "<URI>", description = "beat dataset written by the ETL")
  String dataset;

  @Option(names = "--output", required = true, paramLabel = "<URI>", description = "output directory; must not exist")
  String output;

  @Option(names = "--baseline", paramLabel = "<URI>", description = "a previous evaluation output to compare with and gate against")
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
    Cli.exit(execute(null, new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
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

  @Override
  public Integer call() {
    Config merged = loadConfig(overrides, environmentFile());
    EvaluateConfig config = EvaluateConfig.from(merged, model, dataset, output, baseline);
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
