package org.ecgplatform.etl.cli;

import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.ecgplatform.etl.spark.EtlConfig;
import org.ecgplatform.etl.spark.EtlJob;
import org.ecgplatform.etl.spark.EtlResult;
import org.ecgplatform.etl.spark.Sessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Command line of the ETL job: parse, build the config, run, print the summary. */
@Command(name = "etl", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Reads WFDB databases, cleans, resamples, segments and labels beats (AAMI EC57), splits by patient, "
            + "augments the training split and writes a Parquet beat dataset with schema.json and manifest.json."},
    footer = {"", "Keys: etl.* and spark.*, documented in etl/src/main/resources/reference.conf, e.g. "
            + "etl.target-fs-hz=250 etl.augment.enabled=false; --print-config shows the effective values.",
        "Exit status: 0 success, 1 the run failed, 2 bad arguments or configuration."})
public final class EtlMain implements Callable<Integer> {
  /** The configuration roots this job reads and checks. */
  private static final String[] ROOTS = {"etl", "spark"};

  @Option(names = "--input", paramLabel = "<dir-or-URI>",
      description = "A WFDB database directory (repeat for several databases). Adds to etl.inputs.")
  List<String> inputs = new ArrayList<>();

  @Option(names = "--output", paramLabel = "<URI>", description = "Output dataset directory (etl.output).")
  String output;

  @Mixin JobOptions job = new JobOptions();

  @Override
  public Integer call() {
    Map<String, Object> values = new LinkedHashMap<>();
    Config base = job.load(ROOTS);
    if (!inputs.isEmpty()) {
      List<String> all = new ArrayList<>(base.getStringList("etl.inputs"));
      all.addAll(inputs);
      values.put("etl.inputs", all);
    }
    if (output != null) {
      values.put("etl.output", output);
    }
    Config config = job.load(values, ROOTS);
    if (job.printed(config, ROOTS)) {
      return Cli.EXIT_OK;
    }
    EtlConfig etl = EtlConfig.from(config);
    SparkSession spark = Sessions.create("ecg-etl", config);
    try {
      EtlResult r = EtlJob.run(spark, etl);
      System.out.printf("ETL finished: %d records written, %d rejected, rows per split %s%n", r.recordsOk(),
          r.rejected().size(), r.rowsBySplit());
      r.rejected().forEach(s -> System.out.printf("  rejected %s/%s: %s%n", s.database(), s.record(), s.reason()));
      System.out.printf("Dataset: %s%n", r.output());
      return Cli.EXIT_OK;
    } finally {
      spark.stop();
    }
  }

  public static void main(String[] args) {
    Cli.exit(execute(args));
  }

  /** Runs the command and returns its exit code; errors are printed as one clear line. */
  public static int execute(String... args) {
    return Cli.execute(new EtlMain(), args);
  }
}
