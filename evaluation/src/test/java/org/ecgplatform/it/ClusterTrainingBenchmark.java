package org.ecgplatform.it;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Training throughput on a real standalone cluster (not a test): a master and two one-core
 * workers started from Maven jars ({@link StandaloneCluster}), {@code submit-scripts/train.sh --env
 * cluster-test} with the training job jar, parameter averaging across the two executor JVMs. Prints
 * the examples/s the job logs per epoch and the peak resident memory of the driver and executors,
 * and writes them to {@code target/bench/cluster-training.txt}.
 *
 * <pre>
 * mvn -B -DskipTests package   # the job jars
 * cd evaluation && java -cp "target/test-classes:target/classes:$(cat target/bench-cp.txt)" \
 *     -Decg.project.root=.. org.ecgplatform.it.ClusterTrainingBenchmark /path/to/dataset [epochs] [key=value ...]
 * </pre>
 */
public final class ClusterTrainingBenchmark {
  private static final Pattern EPOCH =
      Pattern.compile("Epoch (\\d+)/\\d+: loss ([0-9.]+), (\\d+) examples in ([0-9.]+) s \\(([0-9.]+) ex/s\\)");

  private ClusterTrainingBenchmark() {}

  public static void main(String[] args) throws Exception {
    String dataset = Path.of(args[0]).toAbsolutePath().toUri().toString();
    int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    Path dir = Path.of("target", "it-cluster", "bench").toAbsolutePath();
    Path model = Files.createTempDirectory("cluster-bench-model").resolve("model");
    List<String> report = new ArrayList<>();
    try (StandaloneCluster cluster = StandaloneCluster.start(dir.resolve("spark"), 2, 3072)) {
      Path conf = confDir(dir);
      List<String> cmd = new ArrayList<>(List.of("bash", "submit-scripts/train.sh", "--env", "cluster-test", "--dataset",
          dataset, "--output", model.toUri().toString(), "training.epochs=" + epochs, "training.spark.workers=2",
          "spark.nd4j.max-bytes=1G", "spark.nd4j.max-physical-bytes=3G"));
      for (int i = 2; i < args.length; i++) {
        cmd.add(args[i]);
      }
      Path log = dir.resolve("train.log");
      ProcessBuilder pb = new ProcessBuilder(cmd).directory(TestJars.projectRoot().toFile())
          .redirectErrorStream(true).redirectOutput(log.toFile());
      pb.environment().putAll(cluster.clientEnvironment());
      pb.environment().put("ECG_CONF_DIR", conf.toString());
      long t0 = System.nanoTime();
      Process p = pb.start();
      AtomicLong driverPeakKb = new AtomicLong();
      AtomicLong executorPeakKb = new AtomicLong();
      while (!p.waitFor(1, TimeUnit.SECONDS)) {
        p.descendants().forEach(h -> driverPeakKb.accumulateAndGet(hwmKb(h.pid()), Math::max));
        for (int w = 0; w < 2; w++) {
          for (long pid : cluster.executorPidsOf(w)) {
            executorPeakKb.accumulateAndGet(hwmKb(pid), Math::max);
          }
        }
      }
      double wall = (System.nanoTime() - t0) / 1e9;
      report.add(String.format(Locale.ROOT, "# standalone cluster, 2 workers x 1 core, dataset %s, exit code %d, job wall %.1f s",
          dataset, p.exitValue(), wall));
      Matcher m = EPOCH.matcher(Files.readString(log));
      while (m.find()) {
        report.add(String.format(Locale.ROOT, "epoch %s: loss %s, %s examples fitted in %s s = %s examples/s", m.group(1),
            m.group(2), m.group(3), m.group(4), m.group(5)));
      }
      report.add(String.format(Locale.ROOT, "peak RSS: driver %d MB, executor %d MB (largest)", driverPeakKb.get() / 1024,
          executorPeakKb.get() / 1024));
    }
    Path out = Files.createDirectories(Path.of("target", "bench"));
    Files.write(out.resolve("cluster-training.txt"), report);
    report.forEach(System.out::println);
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

  private static Path confDir(Path dir) throws IOException {
    Path conf = Files.createDirectories(dir.resolve("conf"));
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
