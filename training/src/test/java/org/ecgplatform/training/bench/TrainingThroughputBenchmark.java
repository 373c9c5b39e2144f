package org.ecgplatform.training.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;
import org.ecgplatform.etl.dataset.DatasetSchema;
import org.ecgplatform.testing.SharedSpark;
import org.ecgplatform.training.config.TrainConfig;
import org.ecgplatform.training.data.Beat;
import org.ecgplatform.training.data.ClassWeights;
import org.ecgplatform.training.data.TrainingData;
import org.ecgplatform.training.fixture.FixtureDataset;
import org.ecgplatform.training.local.LocalTrainer;
import org.ecgplatform.training.model.EpochMetrics;
import org.ecgplatform.training.model.NetworkConfig;
import org.ecgplatform.training.model.Normalizer;
import org.ecgplatform.training.spark.TrainJob;
import org.ecgplatform.training.spark.TrainResult;

/**
 * Training throughput of the reference network on the synthetic fixture: (a) one JVM
 * ({@link LocalTrainer}) and (b) parameter averaging on {@code local[2]} ({@link TrainJob}), counted
 * on examples actually fitted. Not a test; run with {@code OMP_NUM_THREADS=1}:
 *
 * <pre>
 * java -cp ... org.ecgplatform.training.bench.TrainingThroughputBenchmark [beats] [epochs] [batch] [frequency...]
 * </pre>
 *
 * Writes {@code training/target/bench/training-throughput.txt}.
 */
public final class TrainingThroughputBenchmark {
  public static void main(String[] args) throws IOException {
    int beats = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    int batch = args.length > 2 ? Integer.parseInt(args[2]) : 128;
    int[] freqs = args.length > 3
        ? java.util.Arrays.stream(args, 3, args.length).mapToInt(Integer::parseInt).toArray() : new int[] {5};
    Path work = Files.createTempDirectory("train-bench");
    StringBuilder report = new StringBuilder();
    SparkSession spark = SharedSpark.newSession("TrainingThroughputBenchmark");
    try {
      // 1 lead, 96 + 160 = 256 samples at 128 Hz: the reference network's input shape.
      // -Ddataset=<ETL output> benchmarks a real dataset (e.g. MIT-BIH DS1) instead of the fixture.
      String ds = System.getProperty("dataset");
      if (ds == null) {
        FixtureDataset.Spec spec = FixtureDataset.Spec.small(beats, 1000).withWindow(1, 96, 160);
        long t0 = System.nanoTime();
        ds = FixtureDataset.write(spark, work.resolve("ds"), spec);
        line(report, "dataset: %d train beats, 1 lead x 256 samples, written in %.1f s to %s", beats,
            (System.nanoTime() - t0) / 1e9, ds);
      } else {
        line(report, "dataset: %s (train split)", ds);
      }
      line(report, "machine: %d cores, OMP_NUM_THREADS=%s, load average at start %.1f", Runtime.getRuntime().availableProcessors(),
          System.getenv("OMP_NUM_THREADS"), java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
      line(report, "settings: %d epochs, batch %d, Adam lr 0.001", epochs, batch);

      // (a) One JVM: the beats on the driver (benchmark only).
      TrainingData data = TrainingData.open(spark, ds);
      JavaRDD<Beat> rdd = data.beats(data.split(DatasetSchema.TRAIN), TrainingData.Rows.ALL);
      List<Beat> local = rdd.collect();
      int trainBeats = local.size();
      line(report, "train split: %d beats (originals and augmented copies)", trainBeats);
      Normalizer norm = local.stream().collect(() -> new Normalizer.Accumulator(1, 4),
          (a, b) -> a.add(b.window(), b.rr()), Normalizer.Accumulator::merge).finish();
      long[] counts = new long[5];
      local.forEach(b -> counts[b.label()]++);
      double[] weights = ClassWeights.balanced(counts, data.schema().classes(), 20);
      NetworkConfig net = NetworkConfig.reference(1, 256, 5, 1e-3, 42);
      LocalTrainer.Result lr = LocalTrainer.train(net, weights, norm, local, batch, epochs, 42);
      line(report, "(a) single JVM (LocalTrainer): %d examples fitted in %.1f s = %.0f examples/s; loss per epoch %s",
          lr.examplesFitted(), lr.fitSeconds(), lr.examplesPerSecond(), fmt(lr.epochLoss()));

      // (b) Parameter averaging on local[2].
      for (int f : freqs) {
        TrainConfig cfg = TrainConfig.of("""
            training { dataset = "%s", output = "%s", epochs = %d, early-stopping-patience = 100,
              spark { workers = 2, batch-size-per-worker = %d, averaging-frequency = %d } }
            """.formatted(ds, work.resolve("out-f" + f).toUri(), epochs, batch, f));
        long w0 = System.nanoTime();
        TrainResult r = TrainJob.run(spark, cfg);
        double wall = (System.nanoTime() - w0) / 1e9;
        long fitted = r.epochs().stream().mapToLong(EpochMetrics::examplesFitted).sum();
        double fitSeconds = r.epochs().stream().mapToDouble(EpochMetrics::seconds).sum();
        line(report, "(b) parameter averaging local[2], 2 workers, frequency %d: %d examples fitted (%d beats x %d epochs + padding)"
            + " in %.1f s of fitting = %.0f examples/s (%.0f counting only distinct beats); job wall %.1f s incl. validation,"
            + " checkpoints; loss per epoch %s",
            f, fitted, trainBeats, epochs, fitSeconds, fitted / fitSeconds, (double) trainBeats * epochs / fitSeconds, wall,
            fmt(r.epochs().stream().map(EpochMetrics::trainLoss).toList()));
      }
    } finally {
      spark.stop();
    }
    Path out = Path.of("training/target/bench");
    if (!Files.isDirectory(Path.of("training"))) {
      out = Path.of("target/bench");
    }
    Files.createDirectories(out);
    Files.writeString(out.resolve("training-throughput.txt"), report.toString(), StandardCharsets.UTF_8);
    System.out.println("wrote " + out.resolve("training-throughput.txt").toAbsolutePath());
  }

  private static void line(StringBuilder sb, String fmt, Object... args) {
    String s = String.format(Locale.ROOT, fmt, args);
    System.out.println(s);
    sb.append(s).append('\n');
  }

  private static String fmt(List<Double> xs) {
    return xs.stream().map(x -> String.format(Locale.ROOT, "%.3f", x)).toList().toString();
  }
}
