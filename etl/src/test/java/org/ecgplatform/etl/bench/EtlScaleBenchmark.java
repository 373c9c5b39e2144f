package org.ecgplatform.etl.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;
import org.ecgplatform.common.ConfigLoader;
import org.ecgplatform.etl.spark.EtlConfig;
import org.ecgplatform.etl.spark.EtlJob;
import org.ecgplatform.etl.spark.EtlResult;
import org.ecgplatform.etl.spark.RecordStats;
import org.ecgplatform.testing.SharedSpark;

/**
 * ETL scale benchmark (not a test): the first 12, 24 and 48 records of a WFDB database through
 * every stage to Parquet on {@code local[2]}, after a warm-up run, reporting wall time after Spark
 * started, beats per second, the share of executor time per stage and the JVM's peak heap per run
 * (driver and executors are one JVM in local mode).
 *
 * <pre>
 * java -cp … org.ecgplatform.etl.bench.EtlScaleBenchmark /path/to/mitdb [/path/to/nstdb] [12,24,48]
 * </pre>
 *
 * Figures go to stdout and to {@code target/bench/etl-scale.txt}.
 */
public final class EtlScaleBenchmark {
  private EtlScaleBenchmark() {}

  public static void main(String[] args) throws IOException {
    Path db = Path.of(args[0]).toAbsolutePath();
    String nstdb = args.length > 1 && !args[1].isBlank() ? Path.of(args[1]).toAbsolutePath().toString() : null;
    List<Integer> sizes = new ArrayList<>();
    for (String s : (args.length > 2 ? args[2] : "12,24,48").split(",")) {
      sizes.add(Integer.parseInt(s.trim()));
    }
    List<String> records = Files.readAllLines(db.resolve("RECORDS")).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    Path work = Files.createTempDirectory("etl-bench");
    SparkSession spark = SharedSpark.newSession("etl-scale-benchmark");
    List<String> lines = new ArrayList<>();
    lines.add(String.format(Locale.ROOT, "# ETL scale benchmark, local[2], %d cores, load average %.1f at start, nstdb noise %s",
        Runtime.getRuntime().availableProcessors(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        nstdb != null));
    lines.add("records_in\trecords_written\tbeats\trows\twall_s\tbeats_per_s\tpeak_heap_mb\tshare_read\tshare_segment\tshare_augment_rows\tdriver_process_and_write_s");
    try {
      run(spark, slice(db, work, records.subList(0, 4), "warmup"), work.resolve("out-warmup"), nstdb);
      for (int n : sizes) {
        Path in = slice(db, work, records.subList(0, Math.min(n, records.size())), "n" + n);
        resetPeaks();
        long t = System.nanoTime();
        EtlResult r = run(spark, in, work.resolve("out-" + n), nstdb);
        double wall = (System.nanoTime() - t) / 1e9;
        Map<String, Long> exec = new TreeMap<>();
        long beats = 0;
        for (RecordStats s : r.recordStats()) {
          s.stageMillis().forEach((k, v) -> exec.merge(k, v, Long::sum));
          beats += s.windowsWritten();
        }
        double total = exec.values().stream().mapToLong(Long::longValue).sum();
        long rows = r.rowsBySplit().values().stream().mapToLong(Long::longValue).sum();
        lines.add(String.format(Locale.ROOT, "%d\t%d\t%d\t%d\t%.1f\t%.0f\t%d\t%.2f\t%.2f\t%.2f\t%.1f", n, r.recordsOk(), beats, rows,
            wall, beats / wall, peakHeapMb(), exec.getOrDefault("read", 0L) / total,
            exec.getOrDefault("clean-resample-segment", 0L) / total, exec.getOrDefault("augment-and-rows", 0L) / total,
            r.stageMillis().get("process-and-write") / 1000.0));
        System.out.println(lines.get(lines.size() - 1));
      }
    } finally {
      spark.stop();
    }
    Path out = Path.of("target/bench");
    Files.createDirectories(out);
    Files.write(out.resolve("etl-scale.txt"), lines);
    lines.forEach(System.out::println);
  }

  private static EtlResult run(SparkSession spark, Path in, Path out, String nstdb) {
    List<String> o = new ArrayList<>(List.of("etl.inputs=[\"" + in + "\"]", "etl.output=\"" + out + "\""));
    if (nstdb != null) {
      o.add("etl.augment.nstdb.dir=\"" + nstdb + "\"");
    }
    return EtlJob.run(spark, EtlConfig.from(ConfigLoader.load(null, o, "etl")));
  }

  /** A database directory named like the source (so its split preset applies) with links to n records. */
  private static Path slice(Path db, Path work, List<String> records, String tag) throws IOException {
    Path dir = Files.createDirectories(work.resolve(tag).resolve(db.getFileName()));
    for (String r : records) {
      for (String ext : List.of(".hea", ".dat", ".atr")) {
        if (Files.exists(db.resolve(r + ext))) {
          Files.createSymbolicLink(dir.resolve(r + ext), db.resolve(r + ext));
        }
      }
    }
    Files.writeString(dir.resolve("RECORDS"), String.join("\n", records) + "\n");
    return dir;
  }

  private static void resetPeaks() {
    System.gc();
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      p.resetPeakUsage();
    }
  }

  private static long peakHeapMb() {
    long sum = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        sum += p.getPeakUsage().getUsed();
      }
    }
    return sum / (1024 * 1024);
  }
}
