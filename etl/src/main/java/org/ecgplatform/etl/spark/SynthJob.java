package org.ecgplatform.etl.spark;

import java.io.IOException;
import java.io.Serializable;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.ecgplatform.etl.io.HadoopWfdbStorage;
import org.ecgplatform.common.EcgPlatformException;
import org.ecgplatform.etl.synth.BeatType;
import org.ecgplatform.etl.synth.SynthConfig;
import org.ecgplatform.etl.synth.SynthRecord;
import org.ecgplatform.etl.synth.SynthWfdb;
import org.ecgplatform.etl.synth.SyntheticEcgGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Spark glue of the synthetic-database generator: one task per record, each generating its record
 * with {@link SyntheticEcgGenerator} and writing it with {@link SynthWfdb} straight to the output
 * file system from the executor; only a few counts per record come back to the driver, which
 * writes the {@code RECORDS} file.
 *
 * <p>The records are written into a temporary sibling directory that is renamed to the output
 * when every task has succeeded, so a failed run leaves no half database; an existing output is
 * refused.
 */
public final class SynthJob {
  private static final Logger LOG = LoggerFactory.getLogger(SynthJob.class);

  /**
   * What one task reports: record name, its patient ({@link org.ecgplatform.etl.synth.PatientTraits#describe()}),
   * beats per {@link BeatType} (by ordinal), wall and CPU time spent.
   */
  public record RecordResult(String name, String patient, long[] beatsByType, long samplesPerLead, long generateNanos,
      long writeNanos, long cpuNanos) implements Serializable {}

  /** What the job did. */
  /**
   * What the job did; {@code generateSeconds}, {@code writeSeconds} and {@code cpuSeconds} are summed
   * over tasks (CPU time is the task threads', so it stays meaningful on a loaded machine).
   */
  public record Result(String output, List<String> records, Map<BeatType, Long> beatCounts, long samples,
      double generateSeconds, double writeSeconds, double cpuSeconds, double wallSeconds) {}

  private SynthJob() {}

  /** Generates {@code config.records()} records into the directory {@code outputUri} (must not exist). */
  public static Result run(SparkSession spark, SynthConfig config, String outputUri) {
    long start = System.nanoTime();
    LOG.info("Synthetic database: {} records of {} s at {} Hz into {}; config {}", config.records(), config.durationS(),
        config.fsHz(), outputUri, config.toMap());
    Configuration hadoopConf = spark.sparkContext().hadoopConfiguration();
    FileSystem fs = fileSystem(new Path(outputUri), hadoopConf);
    Path output = fs.makeQualified(new Path(outputUri));
    Path staging = new Path(output.getParent(), "." + output.getName() + ".tmp-" + UUID.randomUUID());
    try {
      if (fs.exists(output)) {
        throw new EcgPlatformException("Cannot write the synthetic database: " + output + " already exists"
            + " (choose another --output or delete it)");
      }
      fs.mkdirs(staging);
    } catch (IOException e) {
      throw new EcgPlatformException("Cannot prepare " + output + ": " + e.getMessage() + " (check the URI and permissions)", e);
    }
    boolean published = false;
    try {
      HadoopWfdbStorage storage = new HadoopWfdbStorage(hadoopConf, staging.toUri());
      HashMap<String, String> settings = new HashMap<>(config.toMap());
      List<Integer> indices = IntStream.range(0, config.records()).boxed().toList();
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      List<RecordResult> results = new ArrayList<>(jsc.parallelize(indices, config.records())
          .map(i -> generateAndWrite(settings, i, storage))
          .collect());
      List<String> names = results.stream().map(RecordResult::name).toList();
      for (RecordResult r : results) {
        LOG.info("Patient of {}: {}", r.name(), r.patient());
      }
      SynthWfdb.writeRecordsFile(storage, names);
      if (!fs.rename(staging, output)) {
        throw new EcgPlatformException("Cannot publish the synthetic database: renaming " + staging + " to " + output
            + " failed (does " + output + " exist now?)");
      }
      published = true;
      Result r = summarise(output.toString(), results, System.nanoTime() - start);
      LOG.info("Synthetic database written: {} records, beats {}, {} s wall", names.size(), r.beatCounts(),
          String.format("%.1f", r.wallSeconds()));
      return r;
    } catch (IOException e) {
      throw new EcgPlatformException("Cannot write the synthetic database to " + output + ": " + e.getMessage(), e);
    } finally {
      if (!published) {
        try {
          fs.delete(staging, true);
        } catch (IOException e) {
          LOG.warn("Cannot delete the staging directory {}: {}", staging, e.getMessage());
        }
      }
    }
  }

  /** The task: record {@code index} from the settings alone, written to {@code storage}. */
  static RecordResult generateAndWrite(Map<String, String> settings, int index, HadoopWfdbStorage storage) {
    SynthConfig config = SynthConfig.fromMap(settings);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long cpu0 = threads.getCurrentThreadCpuTime();
    long t0 = System.nanoTime();
    SynthRecord record = new SyntheticEcgGenerator(config).generate(index);
    long t1 = System.nanoTime();
    SynthWfdb.write(record, storage);
    long t2 = System.nanoTime();
    long[] counts = new long[BeatType.values().length];
    record.beatCounts().forEach((type, n) -> counts[type.ordinal()] = n);
    return new RecordResult(record.name(), record.patient().describe(), counts, record.samplesPerLead(), t1 - t0, t2 - t1,
        threads.getCurrentThreadCpuTime() - cpu0);
  }

  private static Result summarise(String output, List<RecordResult> results, long wallNanos) {
    Map<BeatType, Long> counts = new EnumMap<>(BeatType.class);
    long samples = 0;
    long gen = 0;
    long write = 0;
    long cpu = 0;
    for (RecordResult r : results) {
      cpu += r.cpuNanos();
      for (BeatType t : BeatType.values()) {
        counts.merge(t, r.beatsByType()[t.ordinal()], Long::sum);
      }
      samples += r.samplesPerLead();
      gen += r.generateNanos();
      write += r.writeNanos();
    }
    return new Result(output, results.stream().map(RecordResult::name).toList(), counts, samples, gen / 1e9, write / 1e9,
        cpu / 1e9, wallNanos / 1e9);
  }

  private static FileSystem fileSystem(Path path, Configuration conf) {
    try {
      URI uri = path.toUri();
      return FileSystem.get(uri.getScheme() == null ? FileSystem.getDefaultUri(conf) : uri, conf);
    } catch (IOException e) {
      throw new EcgPlatformException("Cannot open the file system of " + path + ": " + e.getMessage()
          + " (check the URI scheme and the Hadoop configuration)", e);
    }
  }
}
