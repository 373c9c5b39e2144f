package org.ecgplatform.etl.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.ecgplatform.etl.beats.AamiClass;
import org.ecgplatform.etl.beats.Beat;
import org.ecgplatform.etl.beats.BeatExtractor;
import org.ecgplatform.etl.beats.ExtractionConfig;
import org.ecgplatform.etl.beats.Segmentation;
import org.ecgplatform.etl.signal.CleaningConfig;
import org.ecgplatform.etl.signal.Resampler;
import org.ecgplatform.etl.signal.ResamplingConfig;
import org.ecgplatform.etl.signal.SignalCleaner;

/**
 * Times the signal stages on 30 minutes of ECG (650,000 samples at 360 Hz) and, when
 * ../shared/data/mitdb is present, runs {@link BeatExtractor} on real records. Not a test (no timing
 * assertions); run with
 *
 * <pre>
 * mvn -B -q -o test-compile -pl etl &amp;&amp; java -cp etl/target/classes:etl/target/test-classes \
 *     org.ecgplatform.etl.bench.SignalPipelineBenchmark [path/to/mitdb]
 * </pre>
 *
 * Prints and writes {@code etl/target/signal-benchmark.txt}. The minimal format-212 and annotation
 * decoding below exists only to feed this benchmark; the project's WFDB reader lives in {@code
 * org.ecgplatform.etl.wfdb}.
 */
public final class SignalPipelineBenchmark {
  private static final int N = 650_000;
  private static final List<String> LINES = new ArrayList<>();

  private SignalPipelineBenchmark() {}

  public static void main(String[] args) throws IOException {
    double[] ecg360 = synthetic(N, 360);
    double[] ecg250 = synthetic(N, 250);
    time("resample 250->360 Hz, 650k in", 5, () -> new Resampler(250, ResamplingConfig.defaults()).resample(ecg250));
    time("resample 500->360 Hz, 650k in", 5, () -> new Resampler(500, ResamplingConfig.defaults()).resample(ecg250));
    time("resample 128->360 Hz, 650k in", 5, () -> new Resampler(128, ResamplingConfig.defaults()).resample(ecg250));
    SignalCleaner median = new SignalCleaner(CleaningConfig.defaults());
    time("clean (medians 0.2+0.6 s, LP 40 Hz) 650k @360", 5, () -> median.clean(ecg360, 360));
    SignalCleaner hp = new SignalCleaner(CleaningConfig.defaults().withBaseline(CleaningConfig.Baseline.HIGH_PASS));
    time("clean (HP 0.5 Hz, LP 40 Hz) 650k @360", 5, () -> hp.clean(ecg360, 360));

    Path mitdb = Path.of(args.length > 0 ? args[0] : "../shared/data/mitdb");
    if (Files.isDirectory(mitdb)) {
      BeatExtractor extractor = new BeatExtractor(ExtractionConfig.defaults());
      for (String rec : List.of("100", "119", "208")) {
        float[][] sig = read212(mitdb.resolve(rec + ".dat"), N);
        List<long[]> samples = new ArrayList<>();
        List<String> symbols = new ArrayList<>();
        readAtr(mitdb.resolve(rec + ".atr"), samples, symbols);
        long[] s = samples.stream().mapToLong(a -> a[0]).toArray();
        String[] sym = symbols.toArray(String[]::new);
        long t0 = System.nanoTime();
        Segmentation seg = extractor.extract(sig, 360, s, sym);
        double ms = (System.nanoTime() - t0) / 1e6;
        int onPeak = 0;
        int[] perClass = new int[AamiClass.values().length];
        for (Beat b : seg.beats()) {
          perClass[b.aamiClass().ordinal()]++;
          float[] lead = b.lead(0);
          int best = 0;
          for (int i = 60; i < 120; i++) {
            best = Math.abs(lead[i]) > Math.abs(lead[best]) || best < 60 ? i : best;
          }
          onPeak += Math.abs(best - 90) <= 5 ? 1 : 0;
        }
        report(String.format(Locale.ROOT,
            "mitdb %s: extract 2 leads in %.0f ms; counts %s; classes N/S/V/F/Q %d/%d/%d/%d/%d; |peak-annotation| <= 5 samples: %.1f%%",
            rec, ms, seg.counts(), perClass[0], perClass[1], perClass[2], perClass[3], perClass[4],
            100.0 * onPeak / seg.beats().size()));
      }
    }
    Path out = Path.of("etl/target/signal-benchmark.txt");
    Files.createDirectories(out.getParent());
    Files.write(out, LINES, StandardCharsets.UTF_8);
  }

  private static void time(String what, int reps, Runnable r) {
    r.run(); // warm-up
    r.run();
    long best = Long.MAX_VALUE;
    for (int i = 0; i < reps; i++) {
      long t0 = System.nanoTime();
      r.run();
      best = Math.min(best, System.nanoTime() - t0);
    }
    report(String.format(Locale.ROOT, "%-48s best of %d: %7.1f ms", what, reps, best / 1e6));
  }

  private static void report(String line) {
    System.out.println(line);
    LINES.add(line);
  }

  private static double[] synthetic(int n, double fs) {
    double[] x = new double[n];
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(1);
    for (int i = 0; i < n; i++) {
      double t = i / fs;
      double phase = (t % 0.8) - 0.3;
      x[i] = Math.exp(-0.5 * phase * phase / (0.012 * 0.012)) + 0.3 * Math.sin(2 * Math.PI * 0.25 * t)
          + 0.02 * rnd.nextGaussian();
    }
    return x;
  }

  /** Format 212, two signals, gain 200 adu/mV, baseline 1024 (as in every mitdb header). */
  private static float[][] read212(Path dat, int frames) throws IOException {
    byte[] b = Files.readAllBytes(dat);
    float[][] out = new float[2][frames];
    for (int f = 0; f < frames; f++) {
      int b0 = b[3 * f] & 0xff;
      int b1 = b[3 * f + 1] & 0xff;
      int b2 = b[3 * f + 2] & 0xff;
      int s0 = b0 | ((b1 & 0x0f) << 8);
      int s1 = b2 | ((b1 & 0xf0) << 4);
      out[0][f] = (((s0 << 20) >> 20) - 1024) / 200f;
      out[1][f] = (((s1 << 20) >> 20) - 1024) / 200f;
    }
    return out;
  }

  private static final String CODES =
      " NLRaVFJASEj/Q~ |  sT*D\"=pB^t+u?![]en@xf()r";

  /** MIT annotation format: 16-bit words, type in the top 6 bits, time increment in the low 10. */
  private static void readAtr(Path atr, List<long[]> samples, List<String> symbols) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(atr)).order(ByteOrder.LITTLE_ENDIAN);
    long time = 0;
    while (buf.remaining() >= 2) {
      int w = buf.getShort() & 0xffff;
      int code = w >> 10;
      int inc = w & 0x3ff;
      if (code == 0 && inc == 0) {
        break;
      }
      if (code == 59) { // SKIP: 32-bit interval, high word first
        int hi = buf.getShort() & 0xffff;
        int lo = buf.getShort() & 0xffff;
        time += ((long) (short) hi << 16) | lo;
      } else if (code == 63) { // AUX: inc bytes, padded to even
        buf.position(buf.position() + inc + (inc & 1));
      } else if (code >= 60) { // NUM, SUB, CHN
        continue;
      } else {
        time += inc;
        samples.add(new long[] {time});
        symbols.add(code < CODES.length() ? String.valueOf(CODES.charAt(code)).trim() : "?");
      }
    }
  }
}
