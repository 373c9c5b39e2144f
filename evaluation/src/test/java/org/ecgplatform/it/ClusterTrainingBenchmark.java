package org.ecgplatform.it;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.ecgplatform.testing.BenchResult;
import org.ecgplatform.training.report.TrainingReport;

/**
 * The {@code standalone-cluster} row of {@code submit-scripts/benchmark-throughput.sh} (not a test):
 * training throughput on a real standalone cluster on this machine. A master and two workers of one
 * core each are started from Maven jars ({@link StandaloneCluster}), and the job is submitted as
 * users submit it: {@code submit-scripts/train.sh --env cluster-test} with the training job jar, so
 * parameter averaging runs across two executor JVMs. The figure is the job's own: beats fitted and
 * fitting seconds summed over the epochs of its {@code training-metrics.csv}, which is what the
 * {@code parameter-averaging} row counts on {@code local[2]}. The result file adds the peak resident
 * memory of the driver and of the largest executor ({@code VmHWM}, polled every second).
 *
 * <pre>
 * mvn -B -DskipTests package   # the job jars; then, on the benchmark classpath of the evaluation module:
 * java -cp CP -Decg.project.root=. org.ecgplatform.it.ClusterTrainingBenchmark --dataset URI --work DIR --result FILE [--epochs 1] [training.key=value ...]
 * </pre>
 */
public final class ClusterTrainingBenchmark {
  private static final int WORKERS = 2;
  private static final int WORKER_MEMORY_MB = 3072;

  private ClusterTrainingBenchmark() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = new LinkedHashMap<>();
    List<String> overrides = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].startsWith("--") && i + 1 < args.length) {
        opts.put(args[i].substring(2), args[++i]);
      } else if (args[i].contains("=") && !args[i].startsWith("--")) {
        overrides.add(args[i]);
      } else {
        throw new IllegalArgumentException("Cannot run ClusterTrainingBenchmark: unexpected argument '" + args[i]
            + "' (usage: --dataset URI --work DIR --result FILE [--epochs N] [training.key=value ...])");
      }
    }
    for (String k : List.of("dataset", "work", "result")) {
      if (!opts.containsKey(k)) {
        throw new IllegalArgumentException("Cannot run ClusterTrainingBenchmark: --" + k + " is required");
      }
    }
    String dataset = opts.get("dataset").contains("://") ? opts.get("dataset")
        : Path.of(opts.get("dataset")).toAbsolutePath().toUri().toString();
    int epochs = Integer.parseInt(opts.getOrDefault("epochs", "1"));
    Path work = Files.createDirectories(Path.of(opts.get("work")).toAbsolutePath());
    Path model = work.resolve("model");
    Path log = work.resolve("train.log");
    double wall;
    long driverPeakKb;
    long executorPeakKb;
    try (StandaloneCluster cluster = StandaloneCluster.start(work.resolve("spark"), WORKERS, WORKER_MEMORY_MB)) {
      List<String> cmd = new ArrayList<>(List.of("bash", "submit-scripts/train.sh", "--env", "cluster-test", "--dataset",
          dataset, "--output", model.toUri().toString(), "training.epochs=" + epochs, "training.spark.workers=" + WORKERS,
          "spark.nd4j.max-bytes=1G", "spark.nd4j.max-physical-bytes=3G"));
      cmd.addAll(overrides);
      ProcessBuilder pb = new ProcessBuilder(cmd).directory(TestJars.projectRoot().toFile())
          .redirectErrorStream(true).redirectOutput(log.toFile());
      pb.environment().putAll(cluster.clientEnvironment());
      pb.environment().put("ECG_CONF_DIR", confDir(work).toString());
      long t0 = System.nanoTime();
      Process p = pb.start();
      AtomicLong driver = new AtomicLong();
      AtomicLong executor = new AtomicLong();
      while (!p.waitFor(1, TimeUnit.SECONDS)) {
        p.descendants().forEach(h -> driver.accumulateAndGet(hwmKb(h.pid()), Math::max));
        for (int w = 0; w < WORKERS; w++) {
          for (long pid : cluster.executorPidsOf(w)) {
            executor.accumulateAndGet(hwmKb(pid), Math::max);
          }
        }
      }
      wall = (System.nanoTime() - t0) / 1e9;
      driverPeakKb = driver.get();
      executorPeakKb = executor.get();
      if (p.exitValue() != 0) {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        throw new IllegalStateException("The training job on the standalone cluster failed (exit code " + p.exitValue()
            + "), last lines of " + log + ":\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size())));
      }
    }
    Path metrics = model.resolve(TrainingReport.CSV_FILE);
    if (!Files.exists(metrics)) {
      throw new IllegalStateException("The training job ended without " + metrics + " (see " + log + ")");
    }
    List<String> rows = Files.readAllLines(metrics, StandardCharsets.UTF_8);
    List<String> header = Arrays.asList(rows.get(0).split(","));
    int fittedCol = column(header, "examples_fitted", metrics);
    int secondsCol = column(header, "seconds", metrics);
    int lossCol = column(header, "train_loss", metrics);
    int f1Col = column(header, "val_macro_f1", metrics);
    long beats = 0;
    double seconds = 0;
    String[] last = null;
    for (String row : rows.subList(1, rows.size())) {
      last = row.split(",");
      beats += Long.parseLong(last[fittedCol]);
      seconds += Double.parseDouble(last[secondsCol]);
    }
    if (last == null) {
      throw new IllegalStateException("No epoch in " + metrics);
    }
    double loss = Double.parseDouble(last[lossCol]);
    System.out.print(BenchResult.write(Path.of(opts.get("result")), beats, seconds, String.format(Locale.ROOT, "%.4f", loss),
        String.format(Locale.ROOT, "standalone cluster %d workers x 1 core, train.sh --env cluster-test, job wall %.1f s,"
            + " val_macro_f1=%s %s", WORKERS, wall, last[f1Col], String.join(" ", overrides)),
        "driver_peak_rss_mb=" + driverPeakKb / 1024, "executor_peak_rss_mb=" + executorPeakKb / 1024));
  }

  private static int column(List<String> header, String name, Path file) {
    int i = header.indexOf(name);
    if (i < 0) {
      throw new IllegalStateException("No column " + name + " in " + file + " (columns " + header + ")");
    }
    return i;
  }

  /** VmHWM (peak resident set) of a live process, in kB; 0 when unreadable. */
  private static long hwmKb(long pid) {
    try (Stream<String> lines = Files.lines(Path.of("/proc", String.valueOf(pid), "status"))) {
      return lines.filter(l -> l.startsWith("VmHWM:")).mapToLong(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst()
          .orElse(0);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** conf/*.conf and the cluster tests' own environment, in a folder the job's ECG_CONF_DIR points at. */
  private static Path confDir(Path work) throws IOException {
    Path conf = Files.createDirectories(work.resolve("conf"));
    try (Stream<Path> files = Files.list(TestJars.projectRoot().resolve("conf"))) {
      for (Path f : files.filter(f -> f.toString().endsWith(".conf")).toList()) {
        Files.copy(f, conf.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    try (InputStream in = ClusterTrainingBenchmark.class.getResourceAsStream("cluster-test.conf")) {
      Files.copy(in, conf.resolve("cluster-test.conf"), StandardCopyOption.REPLACE_EXISTING);
    }
    return conf;
  }
}
