package org.ecgplatform.etl.wfdb.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.ecgplatform.etl.wfdb.LocalWfdbStorage;
import org.ecgplatform.etl.wfdb.SignalFormat;
import org.ecgplatform.etl.wfdb.WfdbRecord;
import org.ecgplatform.etl.wfdb.WfdbStorage;
import org.ecgplatform.etl.wfdb.WfdbWriter;

/**
 * Decoding speed of the WFDB reader on one thread: all 48 mitdb records (62.4 M samples, format
 * 212) decoded into memory with {@link WfdbRecord#readDigital}, then the same records re-encoded
 * in format 16 and decoded again, and the cost of opening a header. Warm-up rounds first, then
 * measured rounds; prints and writes the figures to {@code etl/target/bench/wfdb-decode.txt}.
 *
 * <pre>
 * mvn -B -q -pl etl test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
 * java -cp "$(cat etl/target/bench-classpath.txt):etl/target/classes:etl/target/test-classes" \
 *     org.ecgplatform.etl.wfdb.bench.WfdbDecodeBenchmark /work/shared/data/mitdb [warmup] [rounds]
 * </pre>
 *
 * (A file name of its own: {@code submit-scripts/lib/common.sh} keeps a compile-scope
 * {@code local-classpath.txt} in the same folder.)
 *
 * <p>Reference: the WFDB C library 10.7 ({@code isigopen} + {@code getvec}) does about 130 M
 * samples/s for the same 212 decoding on one core of the project's build machines.
 */
public final class WfdbDecodeBenchmark {
  private WfdbDecodeBenchmark() {}

  public static void main(String[] args) throws IOException {
    Path mitdb = Path.of(args.length > 0 ? args[0] : "../shared/data/mitdb");
    int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    List<String> records = Files.readAllLines(mitdb.resolve("RECORDS")).stream().map(String::strip)
        .filter(s -> !s.isEmpty()).toList();
    LocalWfdbStorage storage = new LocalWfdbStorage(mitdb);
    StringBuilder report = new StringBuilder();
    line(report, "WFDB decode benchmark, %s, Java %s, %d records, warm-up %d, rounds %d, one thread",
        mitdb, System.getProperty("java.version"), records.size(), warmup, rounds);
    line(report, "machine: %d processors, load average at start: %s", Runtime.getRuntime().availableProcessors(),
        loadAverage());

    double openMicros = headerOpen(storage, records, warmup, rounds);
    line(report, "header open (WfdbRecord.open, parse .hea): %.1f us per record (median of rounds)", openMicros);

    decode(report, "format 212", storage, records, bytesOf(mitdb, records, ".dat"), warmup, rounds);

    Path tmp = Files.createTempDirectory("wfdb-bench-16");
    try {
      LocalWfdbStorage out = new LocalWfdbStorage(tmp);
      long t0 = System.nanoTime();
      for (String r : records) {
        WfdbWriter.copy(WfdbRecord.open(storage, r), out, r, SignalFormat.FMT_16, 1 << 16);
      }
      double writeS = (System.nanoTime() - t0) / 1e9;
      long samples = totalSamples(storage, records);
      line(report, "format 16 write (WfdbWriter.copy from 212): %.2f s, %.1f M samples/s", writeS, samples / writeS / 1e6);
      decode(report, "format 16", out, records, bytesOf(tmp, records, ".dat"), warmup, rounds);
    } finally {
      try (var files = Files.walk(tmp)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    line(report, "load average at end: %s", loadAverage());
    line(report, "reference: WFDB C library 10.7 (isigopen + getvec), format 212: ~130 M samples/s on one core");
    Path dir = Files.isDirectory(Path.of("etl")) ? Path.of("etl/target/bench") : Path.of("target/bench");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("wfdb-decode.txt"), report);
    System.out.println("written to " + dir.resolve("wfdb-decode.txt").toAbsolutePath());
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).strip();
    } catch (IOException e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }

  private static double headerOpen(WfdbStorage storage, List<String> records, int warmup, int rounds) {
    double[] perOpen = new double[rounds];
    int reps = 200;
    for (int round = -warmup; round < rounds; round++) {
      long t0 = System.nanoTime();
      long sink = 0;
      for (int k = 0; k < reps; k++) {
        for (String r : records) {
          sink += WfdbRecord.open(storage, r).header().nSamples();
        }
      }
      double us = (System.nanoTime() - t0) / 1e3 / (reps * records.size());
      if (round >= 0) {
        perOpen[round] = us;
      }
      if (sink == 42) {
        System.out.println();
      }
    }
    Arrays.sort(perOpen);
    return perOpen[rounds / 2];
  }

  private static long totalSamples(WfdbStorage storage, List<String> records) {
    long n = 0;
    for (String r : records) {
      WfdbRecord rec = WfdbRecord.open(storage, r);
      n += rec.header().nSamples() * rec.header().nSignals();
    }
    return n;
  }

  private static long bytesOf(Path dir, List<String> records, String ext) throws IOException {
    long b = 0;
    for (String r : records) {
      b += Files.size(dir.resolve(r + ext));
    }
    return b;
  }

  private static void decode(StringBuilder report, String label, WfdbStorage storage, List<String> records,
      long fileBytes, int warmup, int rounds) {
    List<Double> seconds = new ArrayList<>();
    long samples = 0;
    long checksum = 0;
    for (int round = -warmup; round < rounds; round++) {
      long t0 = System.nanoTime();
      samples = 0;
      checksum = 0;
      for (String r : records) {
        WfdbRecord rec = WfdbRecord.open(storage, r);
        int[][] d = rec.readDigital(0, rec.header().nSamples());
        for (int[] s : d) {
          samples += s.length;
          checksum += s[s.length - 1];
        }
      }
      double s = (System.nanoTime() - t0) / 1e9;
      if (round >= 0) {
        seconds.add(s);
      }
    }
    seconds.sort(null);
    double best = seconds.get(0);
    double median = seconds.get(seconds.size() / 2);
    line(report, "%s decode (readDigital, whole records into int[][]): %d samples, %.1f MB of files; "
        + "best %.3f s = %.1f M samples/s, %.1f MB/s; median %.3f s = %.1f M samples/s (sum of last samples %d)",
        label, samples, fileBytes / 1e6, best, samples / best / 1e6, fileBytes / best / 1e6, median,
        samples / median / 1e6, checksum);
  }

  private static void line(StringBuilder report, String format, Object... args) {
    String s = String.format(Locale.ROOT, format, args);
    System.out.println(s);
    report.append(s).append('\n');
  }
}
