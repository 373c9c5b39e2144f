package org.ecgplatform.etl.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.ecgplatform.etl.detect.GrossBeatMatcher;
import org.ecgplatform.etl.detect.QrsChunks;
import org.ecgplatform.etl.detect.QrsDetector;
import org.ecgplatform.etl.detect.QrsDetectorConfig;
import org.ecgplatform.etl.signal.Resampler;
import org.ecgplatform.etl.signal.ResamplingConfig;
import org.ecgplatform.etl.wfdb.Annotation;
import org.ecgplatform.etl.wfdb.Annotations;
import org.ecgplatform.etl.wfdb.LocalWfdbStorage;
import org.ecgplatform.etl.wfdb.WfdbRecord;
import org.ecgplatform.testing.TestData;

/**
 * Accuracy and speed of {@link QrsDetector} (not a test: no assertions). Scores every record
 * against its reference annotations as {@code bxb -f 0} does for QRS detection ({@link
 * GrossBeatMatcher}): over the whole record from time 0, so for the noise stress test records the
 * noise-free first five minutes are included, as bxb -f 0 would include them.
 *
 * <ol>
 *   <li>All 48 MIT-BIH Arrhythmia Database records, both leads: a bxb-like per-record table (TP,
 *       FN, FP, Se, +P), gross and average (per-record mean, as {@code sumstats}) Se and +P, the
 *       same for de Chazal's DS1 and DS2 and the paced records, |fiducial − reference| median and
 *       95th percentile.
 *   <li>The MIT-BIH Noise Stress Test records 118e24 … 119e_6 (electrode motion noise added to 118
 *       and 119 at 24 … −6 dB in alternate two-minute segments after minute five), per record and
 *       per SNR; their reference annotations are the {@code .atr} files beside them (copies of
 *       118.atr and of an older 119.atr, see the nstdb README).
 *   <li>All of mitdb on lead 0 alone and on lead 1 alone.
 *   <li>All of mitdb resampled to 128, 250, 500 and 1000 Hz with the platform's resampler: the
 *       settings are in seconds, so the figures should not depend on the rate.
 *   <li>Speed on one thread: detection only (decoding excluded), after a warm-up, in lead-samples
 *       and frames per second; and the 48 records laid end to end (24 h, two leads, 360 Hz) run
 *       through {@link QrsChunks} with ten-minute cores and the default margin, as the annotation
 *       job will.
 * </ol>
 *
 * Prints the tables and writes {@code etl/target/bench/qrs-detection.csv} (one row per record) and
 * {@code qrs-detection.txt} (the printed report). Run from the project root:
 *
 * <pre>
 * mvn -B -q -o -pl etl -am test-compile
 * java -Xmx2g -cp etl/target/classes:etl/target/test-classes \
 *     org.ecgplatform.etl.bench.QrsDetectionBenchmark [data-dir] [etl.detect.key=value ...]
 * </pre>
 *
 * {@code data-dir} holds {@code mitdb/} and {@code nstdb/} (default: the tests' data folder, see
 * {@link TestData}); {@code key=value} arguments override detector settings.
 */
public final class QrsDetectionBenchmark {
  private static final Set<String> DS1 = Set.of("101", "106", "108", "109", "112", "114", "115", "116", "118", "119",
      "122", "124", "201", "203", "205", "207", "208", "209", "215", "220", "223", "230");
  private static final Set<String> PACED = Set.of("102", "104", "107", "217");
  private static final List<String> SNRS = List.of("24", "18", "12", "06", "00", "_6");
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final StringBuilder report = new StringBuilder();
  private final List<String> csv = new ArrayList<>();
  private final QrsDetector detector;
  private long detectNanos;
  private long detectCpuNanos;
  private long leadSamples;
  private long frames;

  private QrsDetectionBenchmark(QrsDetector detector) {
    this.detector = detector;
    csv.add("database,record,group,reference_beats,tp,fn,fp,se_percent,pp_percent,detect_ms");
  }

  /** Counts of one row or a sum of rows. */
  private record Score(int tp, int fn, int fp) {
    Score plus(Score o) {
      return new Score(tp + o.tp, fn + o.fn, fp + o.fp);
    }

    double se() {
      return 100.0 * tp / (tp + fn);
    }

    double pp() {
      return 100.0 * tp / (tp + fp);
    }
  }

  public static void main(String[] args) throws IOException {
    Path data = TestData.root();
    Map<String, String> overrides = new LinkedHashMap<>();
    for (String a : args) {
      int eq = a.indexOf('=');
      if (eq > 0) {
        overrides.put(a.substring(0, eq), a.substring(eq + 1));
      } else {
        data = Path.of(a);
      }
    }
    QrsDetectorConfig config = QrsDetectorConfig.fromMap(overrides);
    QrsDetectionBenchmark bench = new QrsDetectionBenchmark(new QrsDetector(config));
    bench.line("QRS detection benchmark: Java %s, %d processors, load average at start %s",
        System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), loadAverage());
    bench.line("settings: %s", overrides.isEmpty() ? "defaults" : overrides);
    bench.mitdb(data.resolve("mitdb"));
    bench.nstdb(data.resolve("nstdb"));
    bench.singleLead(data.resolve("mitdb"));
    bench.resampled(data.resolve("mitdb"), 128, 250, 500, 1000);
    bench.holter(data.resolve("mitdb"));
    bench.line("load average at end: %s (timings on a shared machine; re-measure on an idle one)", loadAverage());
    Path dir = Files.isDirectory(Path.of("etl")) ? Path.of("etl/target/bench") : Path.of("target/bench");
    Files.createDirectories(dir);
    Files.write(dir.resolve("qrs-detection.csv"), bench.csv);
    Files.writeString(dir.resolve("qrs-detection.txt"), bench.report);
    System.out.println("written to " + dir.resolve("qrs-detection.csv").toAbsolutePath() + " and qrs-detection.txt");
  }

  private void mitdb(Path dir) throws IOException {
    List<String> records = recordsOf(dir, r -> true);
    LocalWfdbStorage storage = new LocalWfdbStorage(dir);
    warmUp(storage, records.subList(0, Math.min(3, records.size())));
    detectNanos = 0;
    detectCpuNanos = 0;
    leadSamples = 0;
    frames = 0;
    line("");
    line("MIT-BIH Arrhythmia Database, %d records, both leads, bxb -f 0 gross QRS detection", records.size());
    header();
    Map<String, Score> groups = new LinkedHashMap<>();
    Map<String, double[]> averages = new LinkedHashMap<>();
    List<Long> offsets = new ArrayList<>();
    for (String r : records) {
      String group = DS1.contains(r) ? "DS1" : PACED.contains(r) ? "paced" : "DS2";
      GrossBeatMatcher.Result m = score("mitdb", storage, r, group);
      Score s = new Score(m.truePositives(), m.falseNegatives(), m.falsePositives());
      for (String g : List.of("all 48", group)) {
        groups.merge(g, s, Score::plus);
        double[] avg = averages.computeIfAbsent(g, k -> new double[3]);
        avg[0] += s.se();
        avg[1] += s.pp();
        avg[2] += 1;
      }
      Arrays.stream(m.offsets()).forEach(o -> offsets.add(Math.abs(o)));
    }
    line("");
    for (var e : groups.entrySet()) {
      Score s = e.getValue();
      double[] avg = averages.get(e.getKey());
      line("%-7s gross Se %.3f %%  +P %.3f %%  (TP %d, FN %d, FP %d);  average Se %.3f %%  +P %.3f %%",
          e.getKey(), s.se(), s.pp(), s.tp, s.fn, s.fp, avg[0] / avg[2], avg[1] / avg[2]);
    }
    offsets.sort(null);
    line("|fiducial - reference|: median %.1f ms, 95th percentile %.1f ms (%d matched beats)",
        offsets.get(offsets.size() / 2) * 1000 / 360.0, offsets.get(offsets.size() * 95 / 100) * 1000 / 360.0,
        offsets.size());
    speed("mitdb");
  }

  private void nstdb(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      line("nstdb: %s not found, skipped", dir);
      return;
    }
    LocalWfdbStorage storage = new LocalWfdbStorage(dir);
    line("");
    line("MIT-BIH Noise Stress Test Database (em noise; whole records, noise-free first 5 min included)");
    header();
    Map<String, Score> perSnr = new LinkedHashMap<>();
    for (String base : List.of("118", "119")) {
      for (String snr : SNRS) {
        GrossBeatMatcher.Result m = score("nstdb", storage, base + "e" + snr, snr.replace('_', '-') + " dB");
        perSnr.merge(snr, new Score(m.truePositives(), m.falseNegatives(), m.falsePositives()), Score::plus);
      }
    }
    line("");
    line("per SNR (118 and 119 together):");
    for (var e : perSnr.entrySet()) {
      Score s = e.getValue();
      line("  %6s dB  Se %6.2f %%  +P %6.2f %%  (TP %d, FN %d, FP %d)", e.getKey().replace('_', '-'), s.se(), s.pp(),
          s.tp, s.fn, s.fp);
    }
  }

  /** All of mitdb on each lead alone (lead 0 is MLII in 45 records). */
  private void singleLead(Path dir) throws IOException {
    List<String> records = recordsOf(dir, r -> true);
    LocalWfdbStorage storage = new LocalWfdbStorage(dir);
    line("");
    line("MIT-BIH Arrhythmia Database, one lead at a time, gross (records with more than 5 errors: FN/FP)");
    for (int lead = 0; lead < 2; lead++) {
      Score total = new Score(0, 0, 0);
      StringBuilder worst = new StringBuilder();
      for (String r : records) {
        WfdbRecord rec = WfdbRecord.open(storage, r);
        float[][] x = rec.readPhysical(0, rec.header().nSamples(), lead);
        GrossBeatMatcher.Result m = GrossBeatMatcher.match(Annotations.read(storage, r, "atr"),
            detector.detect(x, rec.header().fsHz(), 0), rec.header().fsHz());
        total = total.plus(new Score(m.truePositives(), m.falseNegatives(), m.falsePositives()));
        if (m.falseNegatives() + m.falsePositives() > 5) {
          worst.append(String.format(Locale.ROOT, " %s %d/%d", r, m.falseNegatives(), m.falsePositives()));
        }
      }
      line("  lead %d  Se %.3f %%  +P %.3f %%  (FN %d, FP %d) |%s", lead, total.se(), total.pp(), total.fn, total.fp, worst);
      csv.add(String.format(Locale.ROOT, "mitdb-lead%d,all,single-lead,%d,%d,%d,%d,%.3f,%.3f,", lead,
          total.tp + total.fn, total.tp, total.fn, total.fp, total.se(), total.pp()));
    }
  }

  /**
   * All of mitdb resampled (the platform's {@link Resampler}, annotations mapped with it): the
   * detector's settings are in seconds, so the figures should not depend on the rate.
   */
  private void resampled(Path dir, int... ratesHz) throws IOException {
    List<String> records = recordsOf(dir, r -> true);
    LocalWfdbStorage storage = new LocalWfdbStorage(dir);
    line("");
    line("MIT-BIH Arrhythmia Database resampled from 360 Hz, gross (records with more than 5 errors: FN/FP)");
    for (int fs : ratesHz) {
      Resampler resampler = new Resampler(360, ResamplingConfig.to(fs));
      Score total = new Score(0, 0, 0);
      StringBuilder worst = new StringBuilder();
      for (String r : records) {
        WfdbRecord rec = WfdbRecord.open(storage, r);
        float[][] x = rec.readPhysical(0, rec.header().nSamples());
        float[][] y = new float[x.length][];
        for (int l = 0; l < x.length; l++) {
          y[l] = resampler.resample(x[l]);
        }
        List<Annotation> ref = new ArrayList<>();
        for (Annotation a : Annotations.read(storage, r, "atr")) {
          ref.add(new Annotation(resampler.mapSample(a.sample()), a.code(), a.symbol(), a.subtype(), a.chan(), a.num(),
              a.aux()));
        }
        GrossBeatMatcher.Result m = GrossBeatMatcher.match(ref, detector.detect(y, fs, 0), fs);
        total = total.plus(new Score(m.truePositives(), m.falseNegatives(), m.falsePositives()));
        if (m.falseNegatives() + m.falsePositives() > 5) {
          worst.append(String.format(Locale.ROOT, " %s %d/%d", r, m.falseNegatives(), m.falsePositives()));
        }
      }
      line("  %4d Hz  Se %.3f %%  +P %.3f %%  (FN %d, FP %d) |%s", fs, total.se(), total.pp(), total.fn, total.fp, worst);
      csv.add(String.format(Locale.ROOT, "mitdb-%dhz,all,resampled,%d,%d,%d,%d,%.3f,%.3f,", fs, total.tp + total.fn,
          total.tp, total.fn, total.fp, total.se(), total.pp()));
    }
  }

  /** The 48 mitdb records end to end, detected in ten-minute chunks with the default margin. */
  private void holter(Path dir) throws IOException {
    List<String> records = recordsOf(dir, r -> true);
    LocalWfdbStorage storage = new LocalWfdbStorage(dir);
    List<float[][]> parts = new ArrayList<>();
    long total = 0;
    for (String r : records) {
      WfdbRecord rec = WfdbRecord.open(storage, r);
      float[][] x = rec.readPhysical(0, rec.header().nSamples(), 0, 1);
      parts.add(x);
      total += x[0].length;
    }
    float[][] day = new float[2][Math.toIntExact(total)];
    int at = 0;
    for (float[][] x : parts) {
      System.arraycopy(x[0], 0, day[0], at, x[0].length);
      System.arraycopy(x[1], 0, day[1], at, x[1].length);
      at += x[0].length;
    }
    parts.clear();
    List<QrsChunks.Chunk> plan = QrsChunks.plan(total, 360, 600, QrsChunks.DEFAULT_MARGIN_S);
    long cpu0 = THREADS.getCurrentThreadCpuTime();
    long t0 = System.nanoTime();
    List<long[]> kept = new ArrayList<>();
    for (QrsChunks.Chunk c : plan) {
      float[][] part = {Arrays.copyOfRange(day[0], (int) c.readFrom(), (int) c.readTo()),
          Arrays.copyOfRange(day[1], (int) c.readFrom(), (int) c.readTo())};
      kept.add(QrsChunks.keep(c, detector.detect(part, 360, c.readFrom())));
    }
    long beats = QrsChunks.merge(kept).length;
    double seconds = (System.nanoTime() - t0) / 1e9;
    double cpu = (THREADS.getCurrentThreadCpuTime() - cpu0) / 1e9;
    line("");
    line("Holter-sized: the 48 records end to end (%.1f h, 2 leads, 360 Hz), %d chunks of 600 s + 2 x %.0f s:"
        + " %d beats; one thread: wall %.1f s, CPU %.1f s (%.2f M frames/s of CPU)", total / 360.0 / 3600,
        plan.size(), QrsChunks.DEFAULT_MARGIN_S, beats, seconds, cpu, total / cpu / 1e6);
  }

  private GrossBeatMatcher.Result score(String db, LocalWfdbStorage storage, String record, String group) {
    WfdbRecord rec = WfdbRecord.open(storage, record);
    double fs = rec.header().fsHz();
    float[][] x = rec.readPhysical(0, rec.header().nSamples());
    List<Annotation> ref = Annotations.read(storage, record, "atr");
    long cpu0 = THREADS.getCurrentThreadCpuTime();
    long t0 = System.nanoTime();
    long[] beats = detector.detect(x, fs, 0);
    long nanos = System.nanoTime() - t0;
    detectNanos += nanos;
    detectCpuNanos += THREADS.getCurrentThreadCpuTime() - cpu0;
    leadSamples += (long) x.length * x[0].length;
    frames += x[0].length;
    GrossBeatMatcher.Result m = GrossBeatMatcher.match(ref, beats, fs);
    int refBeats = m.truePositives() + m.falseNegatives();
    line("%-7s %-6s %6d %6d %5d %5d %7.2f %7.2f %7.0f", record, group, refBeats, m.truePositives(),
        m.falseNegatives(), m.falsePositives(), m.sensitivity(), m.positivePredictivity(), nanos / 1e6);
    csv.add(String.join(",", db, record, group, Integer.toString(refBeats), Integer.toString(m.truePositives()),
        Integer.toString(m.falseNegatives()), Integer.toString(m.falsePositives()),
        String.format(Locale.ROOT, "%.3f", m.sensitivity()), String.format(Locale.ROOT, "%.3f", m.positivePredictivity()),
        String.format(Locale.ROOT, "%.1f", nanos / 1e6)));
    return m;
  }

  private void warmUp(LocalWfdbStorage storage, List<String> records) {
    for (int round = 0; round < 3; round++) {
      for (String r : records) {
        WfdbRecord rec = WfdbRecord.open(storage, r);
        detector.detect(rec.readPhysical(0, rec.header().nSamples()), rec.header().fsHz(), 0);
      }
    }
  }

  /**
   * Wall-clock and CPU time of the detection calls: on a busy machine the thread's CPU time is the
   * better measure of what one core does.
   */
  private void speed(String what) {
    double wall = detectNanos / 1e9;
    double cpu = detectCpuNanos / 1e9;
    line("speed (%s, one thread, detection only): wall %.1f s = %.2f M lead-samples/s (%.2f M frames/s);"
        + " thread CPU %.1f s = %.2f M lead-samples/s (%.2f M frames/s); a 24 h 2-lead 360 Hz record: %.0f s of CPU",
        what, wall, leadSamples / wall / 1e6, frames / wall / 1e6, cpu, leadSamples / cpu / 1e6, frames / cpu / 1e6,
        24 * 3600 * 360 / (frames / cpu));
  }

  private void header() {
    line("%-7s %-6s %6s %6s %5s %5s %7s %7s %7s", "record", "group", "beats", "TP", "FN", "FP", "Se %", "+P %", "ms");
  }

  private static List<String> recordsOf(Path dir, java.util.function.Predicate<String> keep) throws IOException {
    return Files.readAllLines(dir.resolve("RECORDS")).stream().map(String::strip).filter(s -> !s.isEmpty())
        .filter(keep).toList();
  }

  private void line(String format, Object... args) {
    String s = String.format(Locale.ROOT, format, args);
    System.out.println(s);
    report.append(s).append('\n');
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).strip();
    } catch (IOException e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }
}
