package org.ecgplatform.etl.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.ecgplatform.common.ConfigException;
import org.ecgplatform.common.EcgPlatformException;
import org.ecgplatform.etl.spark.SynthJob;
import org.ecgplatform.etl.synth.SynthConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Command line of the synthetic-database job: parse, build the {@link SynthConfig}, run
 * {@link SynthJob}, print the summary.
 *
 * <p>Settings precedence: dedicated options ({@code --records} …) &gt; {@code synth.*=value}
 * arguments &gt; the defaults listed in {@link SynthConfig}. The Spark master comes from
 * spark-submit when present, else from {@code --master}, else from {@code spark.master} in
 * {@code <conf-dir>/<env>.conf}, else (environment {@code local} only) {@code local[*]}.
 */
@Command(name = "synth", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Generates a synthetic, annotated WFDB database (ECGSYN dynamical model, McSharry et al. 2003):",
        "N, V, A (S) and F beats with heart-rate variability, noise and baseline wander; one Spark task per record."},
    footer = {"", "Settings (key=value), defaults in brackets:",
        "  synth.records [48]           synth.durationS [1800]",
        "  synth.fsHz [360]             synth.gainAdcPerMv [200]",
        "  synth.format [212] or 16     synth.leads [2] or 1",
        "  synth.fractionV [0.05]       synth.fractionS [0.03]",
        "  synth.fractionF [0.01]       synth.meanHrBpm [72]",
        "  synth.hrStdBpm [2]           synth.lfHfRatio [0.5]",
        "  synth.snrDb [30], inf=none   synth.baselineWanderMv [0.1]",
        "  synth.respirationHz [0.25]   synth.seed [1]"})
public final class SynthMain implements Callable<Integer> {
  @Option(names = "--output", paramLabel = "<URI>",
      description = "Output database directory (local path, file:, hdfs://, s3a://); must not exist. Required.")
  String output;

  @Option(names = "--records", paramLabel = "N", description = "Number of records (synth.records).")
  Integer records;

  @Option(names = "--duration-s", paramLabel = "S", description = "Record length in seconds (synth.durationS).")
  Double durationS;

  @Option(names = "--fs-hz", paramLabel = "F", description = "Sampling frequency in Hz (synth.fsHz).")
  Double fsHz;

  @Option(names = "--seed", paramLabel = "S", description = "Seed (synth.seed); record i depends on (seed, i) only.")
  Long seed;

  @Option(names = "--env", paramLabel = "<name>", description = "Environment: <conf-dir>/<name>.conf. Default: local.")
  String env = "local";

  @Option(names = "--conf-dir", paramLabel = "<dir>", description = "Directory of environment files (default: ./conf).")
  File confDir = new File("conf");

  @Option(names = "--master", paramLabel = "<master>", description = "Spark master, when not run by spark-submit.")
  String master;

  @Option(names = "--print-config", description = "Print the effective settings and exit.")
  boolean printConfig;

  @Parameters(paramLabel = "key=value", arity = "0..*", description = "Settings, e.g. synth.fractionV=0.1 synth.snrDb=inf")
  List<String> overrides = new ArrayList<>();

  @Override
  public Integer call() {
    SynthConfig config = SynthConfig.fromMap(settings());
    if (printConfig) {
      config.toMap().forEach((k, v) -> System.out.println(k + " = " + v));
      return 0;
    }
    if (output == null || output.isBlank()) {
      throw new ConfigException("Cannot generate a database: no --output given (e.g. --output /data/synth)");
    }
    SparkSession spark = session();
    try {
      SynthJob.Result r = SynthJob.run(spark, config, output);
      System.out.printf("Synthetic database: %d records, %d samples per lead in all, beats %s%n", r.records().size(),
          r.samples(), r.beatCounts());
      System.out.printf("Time: %.1f s wall, %.2f records/s; tasks: %.1f s generating + %.1f s writing, %.1f s CPU%n",
          r.wallSeconds(), r.records().size() / r.wallSeconds(), r.generateSeconds(), r.writeSeconds(), r.cpuSeconds());
      System.out.printf("Database: %s%n", r.output());
      return 0;
    } finally {
      spark.stop();
    }
  }

  Map<String, String> settings() {
    Map<String, String> values = new LinkedHashMap<>();
    for (String o : overrides) {
      int eq = o.indexOf('=');
      if (eq <= 0) {
        throw new ConfigException("Cannot read setting '" + o + "': expected key=value (e.g. synth.fractionV=0.1)");
      }
      String key = o.substring(0, eq).trim();
      if (key.startsWith("etl.") || key.startsWith("training.") || key.startsWith("evaluation.")
          || key.startsWith("spark.")) {
        continue; // another stage's setting (pipeline.sh passes every override to every stage)
      }
      if (!key.startsWith("synth.")) {
        throw new ConfigException("Cannot use setting '" + key + "' here: the synthetic job takes synth.* keys only"
            + " (see --help)");
      }
      values.put(key, o.substring(eq + 1).trim());
    }
    put(values, SynthConfig.RECORDS, records);
    put(values, SynthConfig.DURATION_S, durationS);
    put(values, SynthConfig.FS_HZ, fsHz);
    put(values, SynthConfig.SEED, seed);
    return values;
  }

  private static void put(Map<String, String> values, String key, Object value) {
    if (value != null) {
      values.put(key, String.valueOf(value));
    }
  }

  private SparkSession session() {
    SparkSession.Builder b = SparkSession.builder().appName("ecg-synth");
    if (new SparkConf(true).contains("spark.master")) {
      return b.getOrCreate();
    }
    String m = master;
    File envFile = new File(confDir, env + ".conf");
    Config envConf = envFile.isFile() ? ConfigFactory.parseFile(envFile) : ConfigFactory.empty();
    if (m == null && envConf.hasPath("spark.master")) {
      m = envConf.getString("spark.master");
    }
    if (m == null) {
      if (!env.equals("local")) {
        throw new ConfigException("Cannot start Spark for environment '" + env + "': no spark-submit master, no --master and no "
            + envFile.getAbsolutePath() + " (run through submit-scripts/synth.sh or pass --master)");
      }
      m = "local[*]";
    }
    b.master(m);
    if (m.startsWith("local")) {
      b.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1").config("spark.ui.enabled", "false");
    }
    if (envConf.hasPath("spark.conf")) {
      for (Map.Entry<String, ConfigValue> e : envConf.getConfig("spark.conf").entrySet()) {
        b.config(e.getKey().replace("\"", ""), String.valueOf(e.getValue().unwrapped()));
      }
    }
    return b.getOrCreate();
  }

  public static void main(String[] args) {
    Cli.exit(execute(args));
  }

  /** Runs the command and returns its exit code; domain errors print one "ERROR: ..." line (exit 2 for settings, 1 otherwise). */
  public static int execute(String... args) {
    CommandLine cl = new CommandLine(new SynthMain());
    cl.setExecutionExceptionHandler((ex, line, parseResult) -> {
      Throwable root = ex;
      while (!(root instanceof EcgPlatformException) && root.getCause() != null) {
        root = root.getCause();
      }
      if (root instanceof EcgPlatformException) {
        line.getErr().println("ERROR: " + root.getMessage());
        return root instanceof ConfigException ? 2 : 1;
      }
      throw ex;
    });
    return cl.execute(args);
  }
}
