package org.ecgplatform.etl.cli;

import com.typesafe.config.Config;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.ecgplatform.common.ConfigException;
import org.ecgplatform.etl.spark.Sessions;
import org.ecgplatform.etl.spark.SynthJob;
import org.ecgplatform.etl.synth.SynthConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Command line of the synthetic-database job: parse, build the {@link SynthConfig}, run
 * {@link SynthJob}, print the summary.
 *
 * <p>Settings precedence: dedicated options ({@code --records} …) &gt; {@code key=value} arguments
 * &gt; the environment file &gt; the {@code synth} defaults of reference.conf ({@link JobOptions}).
 * The Spark master comes from spark-submit when present, else from {@code --master}, else from
 * {@code spark.master} of the configuration ({@link Sessions}).
 */
@Command(name = "synth", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Generates a synthetic, annotated WFDB database (ECGSYN dynamical model, McSharry et al. 2003): "
            + "N, V, A (S) and F beats with heart-rate variability, noise and baseline wander; each record a patient "
            + "of its own, drawn from seeded distributions; one Spark task per record."},
    footer = {"", "Keys: synth.* and spark.*, documented with their defaults in etl/src/main/resources/reference.conf:",
        "  synth.records [48]           synth.duration-s [1800]",
        "  synth.fs-hz [360]            synth.gain-adc-per-mv [200]",
        "  synth.format [212] or 16     synth.leads [2] or 1",
        "  synth.fraction-v [0.05]      synth.fraction-s [0.03]",
        "  synth.fraction-f [0.01]      synth.mean-hr-bpm [72]",
        "  synth.hr-std-bpm [2]         synth.lf-hf-ratio [0.5]",
        "  synth.snr-db [30], inf=none  synth.baseline-wander-mv [0.1]",
        "  synth.respiration-hz [0.25]  synth.seed [1]",
        "  synth.patient-spread [1]: how far patients differ (heart rate, QRS width and axis, noise, ectopy mix);",
        "    0 makes every record the same patient with the values above",
        "Exit status: 0 success, 1 the run failed, 2 bad arguments or configuration."})
public final class SynthMain implements Callable<Integer> {
  /** The configuration roots this job reads and checks. */
  private static final String[] ROOTS = {SynthConfig.ROOT, "spark"};

  @Option(names = "--output", paramLabel = "<URI>",
      description = "Output database directory (local path, file:, hdfs://, s3a://); must not exist. Required.")
  String output;

  @Option(names = "--records", paramLabel = "N", description = "Number of records (synth.records).")
  Integer records;

  @Option(names = "--duration-s", paramLabel = "S", description = "Record length in seconds (synth.duration-s).")
  Double durationS;

  @Option(names = "--fs-hz", paramLabel = "F", description = "Sampling frequency in Hz (synth.fs-hz).")
  Double fsHz;

  @Option(names = "--seed", paramLabel = "S", description = "Seed (synth.seed); record i depends on (seed, i) only.")
  Long seed;

  @Option(names = "--master", paramLabel = "<master>", description = "Spark master (spark.master), when not run by spark-submit.")
  String master;

  @Mixin JobOptions job = new JobOptions();

  @Override
  public Integer call() {
    Config merged = job.load(optionValues(), ROOTS);
    SynthConfig config = SynthConfig.from(merged);
    if (job.printed(merged, ROOTS)) {
      return Cli.EXIT_OK;
    }
    if (output == null || output.isBlank()) {
      throw new ConfigException("Cannot generate a database: no --output given (e.g. --output /data/synth)");
    }
    SparkSession spark = Sessions.create("ecg-synth", merged);
    try {
      SynthJob.Result r = SynthJob.run(spark, config, output);
      System.out.printf("Synthetic database: %d records, %d samples per lead in all, beats %s%n", r.records().size(),
          r.samples(), r.beatCounts());
      System.out.printf("Time: %.1f s wall, %.2f records/s; tasks: %.1f s generating + %.1f s writing, %.1f s CPU%n",
          r.wallSeconds(), r.records().size() / r.wallSeconds(), r.generateSeconds(), r.writeSeconds(), r.cpuSeconds());
      System.out.printf("Database: %s%n", r.output());
      return Cli.EXIT_OK;
    } finally {
      spark.stop();
    }
  }

  /** The dedicated options as configuration values (they win over key=value). */
  private Map<String, Object> optionValues() {
    Map<String, Object> values = new LinkedHashMap<>();
    put(values, SynthConfig.RECORDS, records);
    put(values, SynthConfig.DURATION_S, durationS);
    put(values, SynthConfig.FS_HZ, fsHz);
    put(values, SynthConfig.SEED, seed);
    put(values, "spark.master", master);
    return values;
  }

  private static void put(Map<String, Object> values, String key, Object value) {
    if (value != null) {
      values.put(key, value);
    }
  }

  public static void main(String[] args) {
    Cli.exit(execute(args));
  }

  /** Runs the command and returns its exit code; errors are printed as one clear line. */
  public static int execute(String... args) {
    return Cli.execute(new SynthMain(), args);
  }
}
