package org.ecgplatform.training.bench;

import com.typesafe.config.Config;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.ecgplatform.common.ConfigLoader;
import org.ecgplatform.etl.beats.ExtractionConfig;
import org.ecgplatform.etl.dataset.DatasetSchema;
import org.ecgplatform.etl.spark.EtlConfig;
import org.ecgplatform.training.config.TrainConfig;
import org.ecgplatform.training.model.BeatModel;
import org.ecgplatform.training.model.ChunkGeometry;
import org.ecgplatform.training.model.ModelMetadata;
import org.ecgplatform.training.model.NetworkConfig;
import org.ecgplatform.training.model.Normalizer;
import org.ecgplatform.training.spark.TrainJob;
import org.nd4j.linalg.api.environment.Nd4jEnvironment;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The side of {@code submit-scripts/benchmark-latency.sh} that runs in the JVM: for wearable and
 * remote-monitoring use, the size and the per-beat latency of the causal beat-sequence model, next
 * to the bidirectional one and the per-beat model. Not a test; run with {@code OMP_NUM_THREADS=1}.
 *
 * <pre>
 * LatencyBenchmark --work DIR [--csv FILE] [--beats N] [--warmup N] [--batched-beats N] [key=value ...]
 * </pre>
 *
 * {@code key=value} are {@code training.*} and {@code etl.*} settings (the window and channels come
 * from the ETL's, the network from training's, as a training run on that dataset would build it);
 * each row then sets {@code training.model} and {@code training.sequence.direction} itself.
 *
 * <p>Steps, per network, one after the other in this JVM: (1) an untrained, seeded network, built
 * and saved to {@code <work>/models/<row>} as the training job saves its result ({@link BeatModel#save}:
 * {@code model.zip} and {@code model.json}), then loaded back as evaluation loads it; its parameter
 * count and bytes; (2) the streaming case, a synthetic record's beats arriving one by one (random
 * windows and plausible RR intervals: the time depends on the network's size, not on its weights or
 * inputs): warm-up calls, then {@code --beats} timed calls through the model's own prediction code
 * (the bidirectional model: enough calls to classify {@code --beats} beats); (3) batched scoring of {@code --batched-beats} consecutive beats ({@link BeatModel#predictProbabilities},
 * the evaluation job's call), for context.
 *
 * <p>What one timed call is:
 * <ul>
 *   <li>per-beat model: one beat window ({@link BeatModel#predictProbabilities} of one beat);
 *   <li>causal sequence model: on each new beat, one {@link BeatModel#predictSequences} call (what
 *       {@link org.ecgplatform.training.model.StreamingScorer} calls) over the beats of the new beat's
 *       scoring sequence received so far, {@link ChunkGeometry#scoringSpan}: its core's beats up to it
 *       and the {@code overlap} beats before the core ({@code overlap + 1} to {@code length} beats);
 *       the model is causal, so the new beat gets exactly the probabilities the platform's scoring
 *       gives it, with no delay;
 *   <li>the same with carried LSTM state ({@link CarriedStateScorer}, DL4J's {@code rnnTimeStep}):
 *       one or two time steps per beat; reported only when its probabilities equal the previous row's
 *       on every timed beat;
 *   <li>bidirectional sequence model: one scoring sequence of {@code length} beats ({@code overlap/2}
 *       of context on each side of a core of {@code length - overlap} beats), which classifies the
 *       core; a beat's class is known {@code overlap/2} beats after it at the earliest;
 *       {@code ⌈beats / (length - overlap)⌉} timed calls after at least 20 warm-up ones.
 * </ul>
 *
 * <p>Writes {@code --csv} ({@code network,direction,params,model_bytes,latency_ms_median,latency_ms_p95,delay_beats})
 * and beside it {@code <name>-details.csv} with what each call covers, the mean, the batched rate,
 * the load average and ND4J's threads.
 */
public final class LatencyBenchmark {
  /** Probabilities of the carried-state scorer may differ from the sequence call's by float rounding only. */
  static final double SAME_OUTPUT_TOLERANCE = 1e-4;
  private static final int POOL = 1024;

  private LatencyBenchmark() {}

  /** A network of the comparison: its name in the CSV and the settings that select it. */
  private enum Network {
    BEAT("beat", "-", "training.model=beat"),
    CAUSAL("sequence", "causal", "training.model=sequence", "training.sequence.direction=causal"),
    BIDIRECTIONAL("sequence", "bidirectional", "training.model=sequence", "training.sequence.direction=bidirectional");

    final String label;
    final String direction;
    final List<String> settings;

    Network(String label, String direction, String... settings) {
      this.label = label;
      this.direction = direction;
      this.settings = List.of(settings);
    }
  }

  /** One row of the result. */
  record Row(String network, String direction, String call, long params, long modelBytes,
      LatencyStats latency, int delayBeats, double batchedBeatsPerS) {
    Row withBatched(double beatsPerS) {
      return new Row(network, direction, call, params, modelBytes, latency, delayBeats, beatsPerS);
    }
  }

  public static void main(String[] args) throws IOException {
    if (args.length == 0 || Arrays.asList(args).contains("--help")) {
      System.out.println("usage: LatencyBenchmark --work DIR [--csv FILE] [--beats N] [--warmup N] [--batched-beats N]"
          + " [training.*|etl.* key=value ...]");
      return;
    }
    Path work = null;
    Path csv = null;
    int beats = 1000;
    int warmup = 200;
    int batched = 1024;
    List<String> overrides = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.startsWith("--") && i + 1 < args.length) {
        String v = args[++i];
        switch (a) {
          case "--work" -> work = Path.of(v);
          case "--csv" -> csv = Path.of(v);
          case "--beats" -> beats = positive(a, v);
          case "--warmup" -> warmup = positive(a, v);
          case "--batched-beats" -> batched = positive(a, v);
          default -> throw new IllegalArgumentException("Cannot run LatencyBenchmark: unknown option " + a + " (see --help)");
        }
      } else if (a.contains("=")) {
        overrides.add(a);
      } else {
        throw new IllegalArgumentException("Cannot run LatencyBenchmark: unexpected argument '" + a + "' (see --help)");
      }
    }
    if (work == null) {
      throw new IllegalArgumentException("Cannot run LatencyBenchmark: --work is required (see --help)");
    }
    csv = csv != null ? csv : work.resolve("latency.csv");
    Files.createDirectories(work);

    // ND4J's environment says how many threads its ops use (from OMP_NUM_THREADS); the "omp.threads"
    // of getEnvironmentInformation() reads 4 whatever the setting, so it is not shown.
    Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
    String threads = "OMP_NUM_THREADS=" + System.getenv("OMP_NUM_THREADS") + ", ND4J maxThreads="
        + Nd4j.getEnvironment().maxThreads() + ", maxMasterThreads=" + Nd4j.getEnvironment().maxMasterThreads()
        + ", blas.threads=" + env.get(Nd4jEnvironment.BLAS_THREADS_KEY);
    System.out.printf(Locale.ROOT, "LatencyBenchmark: %d cores, %s; %d timed beats after %d warm-up beats per row"
        + " (bidirectional: the calls that classify them); load average %.2f%n", Runtime.getRuntime().availableProcessors(),
        threads, beats, warmup, load());

    List<Row> rows = new ArrayList<>();
    Random random = new Random(1);
    for (Network n : Network.values()) {
      List<String> settings = new ArrayList<>();
      settings.add("training.dataset=\"untrained (latency benchmark)\"");
      settings.add("training.output=\"" + work.resolve("models").toUri() + "\"");
      settings.addAll(overrides);
      settings.addAll(n.settings);
      Config root = ConfigLoader.load(null, settings, "training", "etl");
      String dir = n.label + (n == Network.BEAT ? "" : "-" + n.direction);
      Path modelDir = work.resolve("models").resolve(dir);
      BeatModel saved = untrainedModel(root);
      deleteRecursively(modelDir);
      saved.save(modelDir.toUri().toString(), new Configuration());
      long bytes = artifactBytes(modelDir);
      BeatModel model = BeatModel.load(modelDir.toUri().toString(), new Configuration());
      long params = model.graph().numParams();
      Beats pool = Beats.synthetic(model.metadata(), random);
      NetworkConfig net = model.metadata().network();
      System.out.printf(Locale.ROOT, "%s %s: %,d parameters, %,d bytes saved (%s), window %d x %d, RR %d -> %d features%n",
          n.label, n.direction, params, bytes, modelDir, net.leadCount(), net.windowSamples(),
          model.metadata().rrFeatures().size(), net.rrFeatureCount());
      List<Row> these = new ArrayList<>();
      switch (n) {
        case BEAT -> these.add(new Row(n.label, n.direction, "one beat window", params, bytes,
            perBeat(model, pool, warmup, beats), 0, 0));
        case CAUSAL -> {
          ChunkGeometry g = model.scoringGeometry();
          int warm = (warmup + g.stride() - 1) / g.stride() * g.stride(); // timed beats start on a core
          float[][] reference = new float[warm + beats][];
          LatencyStats perCall = causalPerCall(model, pool, warm, beats, reference);
          these.add(new Row(n.label, n.direction, "new beat + its core's earlier beats + overlap before: "
              + (g.overlap() + 1) + "-" + g.length() + " beats", params, bytes, perCall, 0, 0));
          Row carried = carriedState(model, pool, warm, beats, reference, params, bytes);
          if (carried != null) {
            these.add(carried);
          }
        }
        case BIDIRECTIONAL -> {
          // One call classifies a core: enough calls for `beats` beats.
          ChunkGeometry g = model.scoringGeometry();
          int calls = (beats + g.stride() - 1) / g.stride();
          int warmCalls = Math.max(20, (warmup + g.stride() - 1) / g.stride());
          these.add(new Row(n.label, n.direction, "one scoring sequence of " + g.length() + " beats, classifies "
              + g.stride() + " (" + calls + " calls)", params, bytes, bidirectionalPerCall(model, pool, warmCalls, calls),
              g.after(), 0));
        }
        default -> throw new IllegalStateException("unknown network " + n);
      }
      double batchedRate = batchedBeatsPerS(model, pool, batched); // after the latency loops: warm
      these.forEach(r -> rows.add(r.withBatched(batchedRate)));
    }
    write(rows, csv, threads);
  }

  /** The network a training run with these settings would build, untrained, with its metadata. */
  static BeatModel untrainedModel(Config root) {
    TrainConfig cfg = TrainConfig.from(root);
    EtlConfig.Leads leads = EtlConfig.leadsFrom(root);
    ExtractionConfig ex = EtlConfig.extractionFrom(root);
    int channels = leads.channelCount();
    DatasetSchema schema = DatasetSchema.current(ex.targetFsHz(), ex.samplesBefore(), ex.samplesAfter(), channels);
    NetworkConfig net = TrainJob.networkConfig(cfg, schema, cfg.seed());
    double[] ones = new double[channels];
    Arrays.fill(ones, 1);
    double[] rrOnes = new double[net.rrFeatureCount()];
    Arrays.fill(rrOnes, 1);
    Normalizer norm = new Normalizer(new double[channels], ones, new double[net.rrFeatureCount()], rrOnes, 0, cfg.rrEncoding());
    List<String> names = new ArrayList<>();
    names.add(leads.preference().primary().get(0));
    if (leads.preference().secondLead()) {
      names.add(leads.preference().secondary().get(0));
    }
    if (leads.recordTemplate()) {
      names.addAll(names.stream().map(DatasetSchema::templateChannel).toList());
    }
    ModelMetadata meta = new ModelMetadata(ModelMetadata.CURRENT_VERSION, schema.classes(), schema.fsHz(),
        schema.samplesBefore(), schema.samplesAfter(), channels, names, schema.rrFeatures(), norm, schema,
        cfg.datasetUri(), null, net, cfg.toMap(), List.of(), 0, ModelMetadata.currentSoftwareVersion(),
        Instant.now().toString());
    return new BeatModel(net.kind().build(net, null), meta);
  }

  /** Bytes of the model's files (Hadoop's {@code .crc} side files of the local file system left out). */
  static long artifactBytes(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> !p.getFileName().toString().endsWith(".crc")).mapToLong(p -> {
        try {
          return Files.size(p);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).sum();
    }
  }

  /**
   * Beats of a record: windows and RR columns. The synthetic record has {@value #POOL} distinct beats;
   * beat {@code i} of its stream is beat {@code i mod POOL}.
   */
  record Beats(float[][] windows, float[][] rr) {
    static Beats synthetic(ModelMetadata meta, Random random) {
      int width = meta.leadCount() * meta.windowSamples();
      int columns = meta.rrFeatures().size();
      float[][] w = new float[POOL][width];
      float[][] r = new float[POOL][columns];
      for (int i = 0; i < POOL; i++) {
        for (int j = 0; j < width; j++) {
          w[i][j] = (float) (0.3 * random.nextGaussian());
        }
        for (int j = 0; j < columns; j++) { // prev, next, local, mean: around 0.8 s
          r[i][j] = (float) (0.8 + 0.05 * random.nextGaussian());
        }
      }
      return new Beats(w, r);
    }

    float[] window(int beat) {
      return windows[beat % windows.length];
    }

    float[] rrOf(int beat) {
      return rr[beat % rr.length];
    }

    /** Beats {@code [from, to)} of the stream. */
    Beats slice(int from, int to) {
      float[][] ws = new float[to - from][];
      float[][] rs = new float[to - from][];
      for (int i = from; i < to; i++) {
        ws[i - from] = window(i);
        rs[i - from] = rrOf(i);
      }
      return new Beats(ws, rs);
    }
  }

  private static LatencyStats perBeat(BeatModel model, Beats pool, int warmup, int beats) {
    return timed(warmup, beats, b -> {
      float[][] w = {pool.window(b)};
      float[][] r = {pool.rrOf(b)};
      return () -> model.predictProbabilities(w, r);
    });
  }

  /**
   * Times {@code prepare.apply(i).run()} for i = 0 … warmup + n - 1 (what {@code prepare} does
   * itself is not timed) and keeps the last {@code n} times.
   */
  private static LatencyStats timed(int warmup, int n, java.util.function.IntFunction<Runnable> prepare) {
    long[] nanos = new long[n];
    for (int i = 0; i < warmup + n; i++) {
      Runnable call = prepare.apply(i);
      long t0 = System.nanoTime();
      call.run();
      long t = System.nanoTime() - t0;
      if (i >= warmup) {
        nanos[i - warmup] = t;
      }
    }
    return LatencyStats.ofNanos(nanos);
  }

  /** Every beat in turn with its scoring sequence so far; {@code out[b]} gets beat b's probabilities. */
  private static LatencyStats causalPerCall(BeatModel model, Beats pool, int warm, int beats, float[][] out) {
    ChunkGeometry g = model.scoringGeometry();
    return timed(warm, beats, b -> {
      int[] span = g.scoringSpan(b, b + 1); // the beats received so far: the new beat is the last
      Beats s = pool.slice(span[0], b + 1);
      List<float[][]> w = List.<float[][]>of(s.windows());
      List<float[][]> r = List.<float[][]>of(s.rr());
      return () -> out[b] = model.predictSequences(w, r)[0][b - span[0]];
    });
  }

  /** The same stream with carried state; null (with the reason printed) when the probabilities differ. */
  private static Row carriedState(BeatModel model, Beats pool, int warm, int beats, float[][] reference, long params,
      long bytes) {
    CarriedStateScorer scorer;
    try {
      scorer = new CarriedStateScorer(model);
    } catch (IllegalArgumentException e) {
      System.out.println("carried state: not applicable: " + e.getMessage());
      return null;
    }
    long[] nanos = new long[beats];
    double maxDiff = 0;
    try {
      for (int b = 0; b < warm + beats; b++) {
        float[] w = pool.window(b);
        float[] r = pool.rrOf(b);
        long t0 = System.nanoTime();
        float[] p = scorer.add(w, r);
        long t = System.nanoTime() - t0;
        for (int c = 0; c < p.length; c++) {
          maxDiff = Math.max(maxDiff, Math.abs(p[c] - reference[b][c]));
        }
        if (b >= warm) {
          nanos[b - warm] = t;
        }
      }
    } catch (RuntimeException e) {
      System.out.println("carried state: not applicable: rnnTimeStep failed: " + e);
      return null;
    } finally {
      model.graph().rnnClearPreviousState();
    }
    ChunkGeometry g = model.scoringGeometry();
    System.out.printf(Locale.ROOT, "carried state (rnnTimeStep): largest probability difference from the sequence call"
        + " over %d beats: %.2e%n", warm + beats, maxDiff);
    if (maxDiff > SAME_OUTPUT_TOLERANCE) {
      System.out.printf(Locale.ROOT, "carried state: NOT the same output (tolerance %.0e): row left out%n", SAME_OUTPUT_TOLERANCE);
      return null;
    }
    return new Row("sequence[rnn-time-step]", "causal", "1 time step per beat, 2 for the last " + g.before()
        + " of each core's " + g.stride() + " beats", params, bytes, LatencyStats.ofNanos(nanos), 0, 0);
  }

  /** One full scoring sequence per call, core after core. */
  private static LatencyStats bidirectionalPerCall(BeatModel model, Beats pool, int warmup, int calls) {
    ChunkGeometry g = model.scoringGeometry();
    return timed(warmup, calls, c -> {
      int core = c + 1; // the first core has no context before it
      int[] span = g.scoringSpan(core * g.stride(), Integer.MAX_VALUE);
      Beats s = pool.slice(span[0], span[1]);
      List<float[][]> w = List.<float[][]>of(s.windows());
      List<float[][]> r = List.<float[][]>of(s.rr());
      return () -> model.predictSequences(w, r);
    });
  }

  /**
   * Beats/s of {@link BeatModel#predictProbabilities} over {@code n} consecutive beats, the better of
   * two runs (the network is warm from the latency loops).
   */
  private static double batchedBeatsPerS(BeatModel model, Beats pool, int n) {
    Beats s = pool.slice(0, n);
    double best = 0;
    for (int run = 0; run < 2; run++) {
      long t0 = System.nanoTime();
      model.predictProbabilities(s.windows(), s.rr());
      best = Math.max(best, n / ((System.nanoTime() - t0) / 1e9));
    }
    return best;
  }

  private static void write(List<Row> rows, Path csv, String threads) throws IOException {
    StringBuilder out = new StringBuilder("network,direction,params,model_bytes,latency_ms_median,latency_ms_p95,delay_beats\n");
    String fileName = csv.getFileName().toString();
    Path details = csv.resolveSibling(fileName.replaceFirst("(\\.csv)?$", "-details.csv"));
    StringBuilder det = new StringBuilder("network,direction,call,calls,params,model_bytes,latency_ms_median,"
        + "latency_ms_p95,latency_ms_mean,delay_beats,batched_beats_per_s,load_average,threads\n");
    System.out.println();
    System.out.printf(Locale.ROOT, "%-24s %-13s %9s %11s %9s %9s %9s %6s %10s  %s%n", "network", "direction", "params",
        "model_bytes", "median_ms", "p95_ms", "mean_ms", "delay", "batched/s", "one timed call");
    double load = load();
    for (Row r : rows) {
      LatencyStats l = r.latency();
      out.append(String.format(Locale.ROOT, "%s,%s,%d,%d,%.3f,%.3f,%d%n", r.network(), r.direction(), r.params(),
          r.modelBytes(), l.medianMs(), l.p95Ms(), r.delayBeats()));
      det.append(String.format(Locale.ROOT, "%s,%s,\"%s\",%d,%d,%d,%.3f,%.3f,%.3f,%d,%.0f,%.2f,\"%s\"%n", r.network(),
          r.direction(), r.call(), l.count(), r.params(), r.modelBytes(), l.medianMs(), l.p95Ms(),
          l.meanMs(), r.delayBeats(), r.batchedBeatsPerS(), load, threads));
      System.out.printf(Locale.ROOT, "%-24s %-13s %9d %11d %9.3f %9.3f %9.3f %6d %10.0f  %s%n", r.network(), r.direction(),
          r.params(), r.modelBytes(), l.medianMs(), l.p95Ms(), l.meanMs(), r.delayBeats(), r.batchedBeatsPerS(), r.call());
    }
    Files.writeString(csv, out.toString(), StandardCharsets.UTF_8);
    Files.writeString(details, det.toString(), StandardCharsets.UTF_8);
    System.out.printf(Locale.ROOT, "load average at the end %.2f; wrote %s and %s%n", load, csv.toAbsolutePath(),
        details.toAbsolutePath());
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static int positive(String option, String value) {
    if (!value.matches("[1-9][0-9]{0,8}")) {
      throw new IllegalArgumentException("Cannot run LatencyBenchmark: " + option + " must be a positive integer, got '" + value + "'");
    }
    return Integer.parseInt(value);
  }

  private static double load() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }
}
