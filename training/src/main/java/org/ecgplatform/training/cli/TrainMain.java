package org.ecgplatform.training.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.ecgplatform.etl.cli.Cli;
import org.ecgplatform.etl.cli.JobOptions;
import org.ecgplatform.etl.spark.Sessions;
import org.ecgplatform.training.config.TrainConfig;
import org.ecgplatform.training.spark.TrainJob;
import org.ecgplatform.training.spark.TrainResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Command line of the training job: parses, builds the {@link TrainConfig}, starts Spark and calls
 * {@link TrainJob#run}. Configuration precedence, highest first: {@code --dataset/--output/--resume},
 * {@code key=value} arguments, the environment file, conf/defaults.conf, reference.conf ({@link
 * JobOptions}).
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Trains the CNN+LSTM beat classifier on an ETL dataset with DL4J parameter averaging on Spark.",
    footer = {"", "Keys: training.* (training/src/main/resources/reference.conf) and spark.*, e.g.",
        "training.epochs=30 training.spark.batch-size-per-worker=64 spark.executor-memory=8g.",
        "Exit status: 0 success, 1 the run failed, 2 bad arguments or configuration."})
public final class TrainMain implements Callable<Integer> {
  /** The configuration roots this job reads and checks. */
  private static final String[] ROOTS = {TrainConfig.ROOT, "spark"};

  @Option(names = "--dataset", required = true, paramLabel = "<URI>", description = "Dataset directory written by the ETL.")
  String dataset;

  @Option(names = "--output", required = true, paramLabel = "<URI>", description = "Output directory (model, metrics, checkpoints).")
  String output;

  @Option(names = "--resume", description = "Continue the run in --output from its last checkpoint.")
  boolean resume;

  @Mixin JobOptions job = new JobOptions();

  public static void main(String[] args) {
    Cli.exit(execute(args));
  }

  /** Runs the command and returns its exit code; errors are printed as one clear line. */
  public static int execute(String... args) {
    return Cli.execute(new TrainMain(), args);
  }

  /** The merged configuration, the dedicated options on top. */
  Config merged() {
    Map<String, Object> options = new LinkedHashMap<>();
    options.put("training.dataset", dataset);
    options.put("training.output", output);
    if (resume) {
      options.put("training.resume", true);
    }
    return job.load(options, ROOTS);
  }

  /** The effective configuration of these arguments (no Spark needed). */
  TrainConfig config() {
    return TrainConfig.from(merged());
  }

  @Override
  public Integer call() {
    Config merged = merged();
    TrainConfig cfg = TrainConfig.from(merged);
    if (job.printed(merged, ROOTS)) {
      return Cli.EXIT_OK;
    }
    merged = merged.withValue("spark.nd4j.omp-threads", ConfigValueFactory.fromAnyRef(cfg.spark().ompNumThreads()));
    SparkSession spark = Sessions.create("ecg-train", merged);
    try {
      TrainResult r = TrainJob.run(spark, cfg);
      System.out.printf("%s: %d epochs this run, last epoch %d, %s, %s%n",
          r.outputUri(), r.epochsThisRun(), r.lastEpoch(), r.keptEpoch(),
          r.finished() ? "finished" : "not finished (continue with --resume)");
      return Cli.EXIT_OK;
    } finally {
      spark.stop();
    }
  }
}
