package org.ecgplatform.etl.cli;

import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.ecgplatform.etl.spark.SampleExport;
import org.ecgplatform.etl.spark.Sessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Command line of the sample export: parse, build the settings, run {@link SampleExport}, print the summary. */
@Command(name = "export-sample", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Draws up to N beats per AAMI class and split from a beat dataset (seeded,",
        "deterministic) and writes them as one CSV file for pandas: split, database,",
        "record, sample, aami_class, symbol, augmentation, rr_prev_s, rr_next_s, then",
        "w0..w<n-1>, one column per window value (millivolts, lead-major)."},
    footer = {"", "Keys: spark.* (etl/src/main/resources/reference.conf), from conf/<env>.conf; key=value "
            + "overrides them.", "Exit status: 0 success, 1 the run failed, 2 bad arguments or configuration."})
public final class ExportSampleMain implements Callable<Integer> {
  @Option(names = "--dataset", paramLabel = "<URI>", required = true,
      description = "Dataset directory written by the ETL (has schema.json and beats/).")
  String dataset;

  @Option(names = "--output", paramLabel = "<URI>", required = true,
      description = "CSV file to write (replaced if it exists), e.g. work/export/beats-sample.csv.")
  String output;

  @Option(names = "--per-class", paramLabel = "N", defaultValue = "20",
      description = "Beats per AAMI class and split, at most. Default: ${DEFAULT-VALUE}.")
  int beatsPerClass;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
      description = "Seed of the draw; the same seed draws the same beats. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--splits", paramLabel = "<split>", split = ",",
      description = "Splits to export, comma-separated (train,val,test). Default: all.")
  List<String> splits = new ArrayList<>();

  @Option(names = "--include-augmented",
      description = "Also draw augmented training rows (default: beats as recorded only).")
  boolean includeAugmented;

  @Mixin JobOptions job = new JobOptions();

  @Override
  public Integer call() {
    Config config = job.load("spark");
    SampleExport.Settings settings =
        new SampleExport.Settings(dataset, output, beatsPerClass, seed, splits, includeAugmented);
    if (job.printConfig()) {
      System.out.println(settings);
    }
    if (job.printed(config, "spark")) {
      return Cli.EXIT_OK;
    }
    SparkSession spark = Sessions.create("ecg-export-sample", config);
    try {
      SampleExport.Result r = SampleExport.run(spark, settings);
      System.out.printf("Sample exported: %d beats, %d window columns, per split and class %s%n", r.rows(),
          r.windowColumns(), r.rowsBySplitAndClass());
      System.out.printf("CSV: %s%n", r.output());
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
    return Cli.execute(new ExportSampleMain(), args);
  }
}
