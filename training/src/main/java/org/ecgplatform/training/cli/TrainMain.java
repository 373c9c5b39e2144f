package org.ecgplatform.training.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.ecgplatform.common.ConfigException;
import org.ecgplatform.common.ConfigLoader;
import org.ecgplatform.common.EcgPlatformException;
import org.ecgplatform.etl.spark.Sessions;
import org.ecgplatform.training.config.TrainConfig;
import org.ecgplatform.training.spark.TrainJob;
import org.ecgplatform.training.spark.TrainResult;
import org.ecgplatform.etl.cli.Cli;
import org.ecgplatform.etl.cli.JobOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Command line of the training job: parses, builds the {@link TrainConfig}, starts Spark and calls
 * {@link TrainJob#run}. Configuration precedence, lowest first: training's {@code reference.conf},
 * {@code --config FILE}, {@code key=value} arguments, then {@code --dataset/--output/--resume}.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = "Trains the CNN+LSTM beat classifier on an ETL dataset with DL4J parameter averaging on Spark.",
    footer = {"", "key=value overrides use the keys of training's reference.conf, with or without the 'training.' prefix,",
        "e.g. spark.batch-size-per-worker=64 epochs=30."})
public final class TrainMain implements Callable<Integer> {
  @Option(names = "--dataset", required = true, paramLabel = "URI", description = "dataset directory written by the ETL")
  String dataset;

  @Option(names = "--output", required = true, paramLabel = "URI", description = "output directory (model, metrics, checkpoints)")
  String output;

  @Option(names = "--resume", description = "continue the run in --output from its last checkpoint")
  boolean resume;

  @Option(names = "--config", paramLabel = "FILE", description = "HOCON file to use instead of <conf-dir>/<env>.conf")
  File configFile;

  @Option(names = "--env", paramLabel = "<name>", description = "environment: <conf-dir>/<name>.conf (default: local)")
  String env = "local";

  @Option(names = "--conf-dir", paramLabel = "<dir>", description = "directory of environment files (default: $ECG_CONF_DIR, else ./conf)")
  File confDir;

  @Parameters(paramLabel = "key=value", arity = "0..*", description = "configuration overrides")
  List<String> overrides = new ArrayList<>();

  public static void main(String[] args) {
    Cli.exit(new CommandLine(new TrainMain()).execute(args));
  }

  /** --config, else {@code <conf-dir>/<env>.conf} when it exists, else none. */
  File environmentFile() {
    return JobOptions.environmentFile(configFile, confDir, env);
  }

  /**
   * The merged configuration: dedicated options, then key=value overrides (the 'training.' prefix
   * may be left out), then the environment file, conf/defaults.conf and reference.conf.
   */
  Config merged() {
    List<String> rewritten = new ArrayList<>();
    for (String kv : overrides) {
      int eq = kv.indexOf('=');
      if (eq <= 0) {
        throw new ConfigException("Invalid override '" + kv + "' (expected key=value, e.g. epochs=30)");
      }
      String key = kv.substring(0, eq).trim();
      if (isOtherJobKey(key)) {
        continue; // another stage's setting (pipeline.sh passes every override to every stage)
      }
      if (!key.startsWith(TrainConfig.ROOT + ".") && !isSparkRootKey(key)) {
        key = TrainConfig.ROOT + "." + key;
      }
      rewritten.add(key + "=" + kv.substring(eq + 1).trim());
    }
    Config c = ConfigLoader.parseOverrides(rewritten);
    Config options = ConfigFactory.empty()
        .withValue("training.dataset", ConfigValueFactory.fromAnyRef(dataset))
        .withValue("training.output", ConfigValueFactory.fromAnyRef(output));
    if (resume) {
      options = options.withValue("training.resume", ConfigValueFactory.fromAnyRef(true));
    }
    Config base = ConfigLoader.load(environmentFile(), List.of(), "spark");
    return options.withFallback(c).withFallback(base).resolve();
  }

  /** The effective configuration of these arguments (no Spark needed). */
  TrainConfig config() {
    return TrainConfig.from(merged());
  }

  /** spark.master, spark.conf.* and spark.nd4j.* are the environment's Spark settings, not training's. */
  private static boolean isSparkRootKey(String key) {
    return key.equals("spark.master") || key.startsWith("spark.conf.") || key.startsWith("spark.nd4j.");
  }

  private static boolean isOtherJobKey(String key) {
    return key.startsWith("etl.") || key.startsWith("evaluation.") || key.startsWith("synth.");
  }

  @Override
  public Integer call() {
    TrainConfig cfg;
    try {
      cfg = config();
    } catch (ConfigException e) {
      System.err.println(e.getMessage());
      return 2;
    }
    Config merged = merged().withValue("spark.nd4j.ompThreads", ConfigValueFactory.fromAnyRef(cfg.spark().ompNumThreads()));
    SparkSession spark = Sessions.create("ecg-train", merged);
    try {
      TrainResult r = TrainJob.run(spark, cfg);
      System.out.printf("%s: %d epochs this run, last epoch %d, best epoch %d (val macro-F1 %.4f), %s%n",
          r.outputUri(), r.epochsThisRun(), r.lastEpoch(), r.bestEpoch(), r.bestValMacroF1(),
          r.finished() ? "finished" : "not finished (continue with --resume)");
      return 0;
    } catch (EcgPlatformException e) {
      System.err.println(e.getMessage());
      return 1;
    } finally {
      spark.stop();
    }
  }
}
