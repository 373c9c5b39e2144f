package org.ecgplatform.training.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.ecgplatform.common.ConfigException;
import org.ecgplatform.common.EcgPlatformException;
import org.ecgplatform.training.config.TrainConfig;
import org.ecgplatform.training.spark.TrainJob;
import org.ecgplatform.training.spark.TrainResult;
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

  @Option(names = "--config", paramLabel = "FILE", description = "HOCON file with a 'training' block (e.g. conf/<env>.conf)")
  File configFile;

  @Parameters(paramLabel = "key=value", arity = "0..*", description = "configuration overrides")
  List<String> overrides = new ArrayList<>();

  public static void main(String[] args) {
    System.exit(new CommandLine(new TrainMain()).execute(args));
  }

  /** The effective configuration of these arguments (no Spark needed). */
  TrainConfig config() {
    Config c = ConfigFactory.empty();
    for (String kv : overrides) {
      int eq = kv.indexOf('=');
      if (eq <= 0) {
        throw new ConfigException("Invalid override '" + kv + "' (expected key=value, e.g. epochs=30)");
      }
      String key = kv.substring(0, eq).trim();
      if (!key.startsWith(TrainConfig.ROOT + ".")) {
        key = TrainConfig.ROOT + "." + key;
      }
      c = c.withValue(key, ConfigValueFactory.fromAnyRef(kv.substring(eq + 1).trim()));
    }
    if (configFile != null) {
      if (!configFile.isFile()) {
        throw new ConfigException("Cannot read configuration " + configFile + ": no such file");
      }
      c = c.withFallback(ConfigFactory.parseFile(configFile));
    }
    Config options = ConfigFactory.empty()
        .withValue("training.dataset", ConfigValueFactory.fromAnyRef(dataset))
        .withValue("training.output", ConfigValueFactory.fromAnyRef(output));
    if (resume) {
      options = options.withValue("training.resume", ConfigValueFactory.fromAnyRef(true));
    }
    return TrainConfig.from(options.withFallback(c).withFallback(ConfigFactory.defaultReference()).resolve());
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
    SparkConf conf = new SparkConf();
    SparkSession.Builder builder = SparkSession.builder().appName("ecg-train");
    if (!conf.contains("spark.master")) {
      // Started with plain java (submit-scripts --env local): embedded Spark on every core.
      builder.master("local[*]");
    }
    if (!conf.contains("spark.executorEnv.OMP_NUM_THREADS")) {
      builder.config("spark.executorEnv.OMP_NUM_THREADS", String.valueOf(cfg.spark().ompNumThreads()));
    }
    SparkSession spark = builder.getOrCreate();
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
