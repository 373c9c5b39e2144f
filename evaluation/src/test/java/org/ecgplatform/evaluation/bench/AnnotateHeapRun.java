package org.ecgplatform.evaluation.bench;

import com.sun.management.GcInfo;
import com.typesafe.config.Config;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.net.MalformedURLException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.management.MBeanServerConnection;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import javax.naming.Context;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.SparkSession;
import org.ecgplatform.common.ConfigLoader;
import org.ecgplatform.etl.beats.AamiClass;
import org.ecgplatform.etl.beats.ExtractionConfig;
import org.ecgplatform.etl.dataset.DatasetSchema;
import org.ecgplatform.etl.spark.Sessions;
import org.ecgplatform.evaluation.spark.AnnotateConfig;
import org.ecgplatform.evaluation.spark.AnnotateJob;
import org.ecgplatform.evaluation.spark.AnnotateResult;
import org.ecgplatform.it.MavenSparkHome;
import org.ecgplatform.it.StandaloneCluster;
import org.ecgplatform.training.model.BeatModel;
import org.ecgplatform.training.model.BeatNetwork;
import org.ecgplatform.training.model.ModelMetadata;
import org.ecgplatform.training.model.NetworkConfig;
import org.ecgplatform.training.model.Normalizer;

/**
 * One row of {@code submit-scripts/benchmark-annotate.sh}: the annotation job ({@link AnnotateJob})
 * on one database, driven from this JVM (the script starts a fresh one per run, so that the heap
 * figures are the run's own), embedded Spark whose master the overrides give (the script: {@code
 * local[2]} for the timed run, {@code local-cluster[1,2,MB]} for the heap run). Not a test.
 *
 * <p>Heap figures, with {@code --live-sample-ms MS} (MS &gt; 0): a thread asks a JVM for a full
 * collection ({@code System.gc()}) every MS milliseconds while the job runs and keeps the most heap
 * in use right after one. A full collection leaves only what is reachable, so each sample is the
 * JVM's live set at that moment and the figure does not depend on when the collector happened to
 * run, as a maximum over young collections does (old-generation garbage that they do not visit made
 * that figure differ twofold between two runs of the same code). The collections slow the job down,
 * so the script times a run without them.
 *
 * <p>With {@code --executor-memory SIZE} the executor runs in a JVM of its own with that heap: the
 * overrides must give a {@code local-cluster[1,CORES,MB]} master, {@code SPARK_HOME} must name a
 * directory (a Spark home is made there from the Maven jars when it holds none), and the executor's
 * live set is sampled through JMX (a JMX agent on a free port of the loopback interface). Without
 * it, in local mode, one JVM is the driver and the executor at once.
 *
 * <pre>
 * AnnotateHeapRun --model DIR --input DIR --output DIR --result FILE --label NAME [--duration-s S]
 *     [--live-sample-ms MS [--live-trace PREFIX]] [--executor-memory SIZE] [--make-model] [key=value ...]
 * </pre>
 *
 * Appends {@code label,record_s,beats,job_s,wall_s,driver_live_mb,driver_samples,executor_live_mb,
 * executor_samples,xmx_mb,by_pass} to {@code --result} ({@code record_s} is {@code --duration-s} as given;
 * {@code job_s} the job's own time, {@code wall_s} with the Spark session's start and stop; the heap
 * columns are empty when not sampled; {@code xmx_mb} the driver's; {@code by_pass} the most live
 * heap and the samples of each pass of the job, of the executor's JVM where it has its own, else of
 * this one: {@code "plan 40/12 detect 64/9 …"}, a pass being the one whose Spark jobs started last,
 * told by their description, {@link AnnotateJob.Pass}). {@code --live-trace PREFIX}
 * writes every sample to {@code PREFIX-driver.csv} and {@code PREFIX-executor.csv} ({@code
 * s,live_mb,pass}; "start" before the job's first Spark job). {@code --make-model} writes an untrained, seeded reference network (the ETL's default
 * windows, MLII and its record template) to {@code --model} when nothing is there: the cost of
 * classification depends on the network's size, not on its weights.
 */
public final class AnnotateHeapRun {
  private AnnotateHeapRun() {}

  public static void main(String[] args) throws IOException {
    Map<String, String> opts = new LinkedHashMap<>();
    List<String> overrides = new ArrayList<>();
    boolean makeModel = false;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--make-model")) {
        makeModel = true;
      } else if (args[i].startsWith("--") && i + 1 < args.length) {
        opts.put(args[i].substring(2), args[++i]);
      } else if (args[i].contains("=")) {
        overrides.add(args[i]);
      } else {
        throw new IllegalArgumentException("Cannot run AnnotateHeapRun: unexpected argument '" + args[i] + "'");
      }
    }
    for (String k : List.of("model", "input", "output", "result", "label")) {
      if (!opts.containsKey(k)) {
        throw new IllegalArgumentException("Cannot run AnnotateHeapRun: --" + k + " is required");
      }
    }
    Config merged = ConfigLoader.load(null, overrides, "evaluation", "etl", "spark");
    AnnotateConfig config = AnnotateConfig.from(merged, opts.get("model"), List.of(opts.get("input")), opts.get("output"));
    if (makeModel && !Files.exists(Path.of(opts.get("model"), "model.json"))) {
      writeUntrainedModel(opts.get("model"), config.extraction());
    }

    int executorJmx = -1;
    if (opts.containsKey("executor-memory")) {
      executorJmx = StandaloneCluster.freePort();
      separateExecutor(executorJmx, opts.get("executor-memory"));
    }
    long sampleMs = Long.parseLong(opts.getOrDefault("live-sample-ms", "0"));
    List<LiveHeapSampler> samplers = new ArrayList<>();
    if (sampleMs > 0) {
      samplers.add(LiveHeapSampler.ofThisJvm(sampleMs));
      if (executorJmx > 0) {
        samplers.add(LiveHeapSampler.ofJmxPort("executor", sampleMs, executorJmx));
      }
    }

    long t0 = System.nanoTime();
    SparkSession spark = Sessions.create("annotate-benchmark", merged);
    spark.sparkContext().addSparkListener(new SparkListener() {
      @Override
      public void onJobStart(SparkListenerJobStart job) {
        AnnotateJob.Pass pass = job.properties() == null ? null
            : AnnotateJob.Pass.ofDescription(job.properties().getProperty("spark.job.description"));
        if (pass != null) {
          LiveHeapSampler.PASS.set(pass.name().toLowerCase(Locale.ROOT));
        }
      }
    });
    AnnotateResult r;
    try {
      r = AnnotateJob.run(spark, config);
    } finally {
      // The executor's sampler first: stopping Spark ends the executor's JVM.
      for (int i = samplers.size() - 1; i >= 0; i--) {
        samplers.get(i).stop();
      }
      spark.stop();
    }
    double wall = (System.nanoTime() - t0) / 1e9;
    double recordS = Double.parseDouble(opts.getOrDefault("duration-s", "0"));
    // driver (this JVM: in local mode the executor too), then the executor's JVM when separate
    StringBuilder live = new StringBuilder();
    for (int i = 0; i < 2; i++) {
      live.append(i < samplers.size() ? (samplers.get(i).maxLiveBytes() >> 20) + "," + samplers.get(i).samples() : ",")
          .append(',');
    }
    String byPass = samplers.isEmpty() ? "" : samplers.get(samplers.size() - 1).byPass();
    String row = String.format(Locale.ROOT, "%s,%.0f,%d,%.1f,%.1f,%s%d,%s%n", opts.get("label"), recordS, r.beats(),
        r.totalSeconds(), wall, live, Runtime.getRuntime().maxMemory() >> 20, byPass);
    Path result = Path.of(opts.get("result"));
    if (opts.containsKey("live-trace")) {
      for (LiveHeapSampler sampler : samplers) {
        sampler.writeTrace(Path.of(opts.get("live-trace") + "-" + sampler.name + ".csv"));
      }
    }
    Files.writeString(result, row, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    System.out.print(row);
  }

  /**
   * Asks a JVM for a full collection every {@code periodMs} ({@code MemoryMXBean.gc()}, which is
   * {@code System.gc()}) and keeps the most heap in use right after one: the full collector's own
   * figures ({@code getLastGcInfo()}), so that nothing allocated after it counts. The JVM is this
   * one or, through JMX, the executor's. Polled rather than notified: a JMX agent keeps the
   * notifications it sent (a thousand, several MB of the heap being measured).
   */
  private static final class LiveHeapSampler {
    private static final long T0 = System.nanoTime();
    /** The pass whose Spark jobs started last (a {@link SparkListener} sets it); "start" before. */
    static final AtomicReference<String> PASS = new AtomicReference<>("start");
    /** Pass → {max bytes, samples}, in the order the passes came. */
    private final Map<String, long[]> byPass = Collections.synchronizedMap(new LinkedHashMap<>());
    private final AtomicLong maxLive = new AtomicLong();
    private final AtomicLong samples = new AtomicLong();
    private final Queue<String> trace = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private final String name;
    private volatile boolean running = true;
    private volatile String failure;

    private LiveHeapSampler(String name, long periodMs, Callable<MBeanServerConnection> connect) {
      this.name = name;
      thread = new Thread(() -> {
        try {
          MBeanServerConnection jvm = connect.call();
          if (jvm == null) {
            return;
          }
          failure = null;
          MemoryMXBean memory = ManagementFactory.newPlatformMXBeanProxy(jvm, ManagementFactory.MEMORY_MXBEAN_NAME,
              MemoryMXBean.class);
          Set<String> heapPools = heapPools(jvm);
          com.sun.management.GarbageCollectorMXBean full = fullCollector(jvm);
          long seen = full.getCollectionCount();
          while (running) {
            Thread.sleep(periodMs);
            memory.gc();
            GcInfo info = full.getLastGcInfo();
            if (info == null || info.getId() == seen) {
              continue; // not a collection of the full collector (should not happen)
            }
            seen = info.getId();
            long used = 0;
            for (Map.Entry<String, MemoryUsage> e : info.getMemoryUsageAfterGc().entrySet()) {
              if (heapPools.contains(e.getKey())) {
                used += e.getValue().getUsed();
              }
            }
            maxLive.accumulateAndGet(used, Math::max);
            samples.incrementAndGet();
            String pass = PASS.get();
            long u = used;
            byPass.compute(pass, (k, v) -> v == null ? new long[] {u, 1} : new long[] {Math.max(v[0], u), v[1] + 1});
            trace.add(String.format(Locale.ROOT, "%.3f,%d,%s", (System.nanoTime() - T0) / 1e9, used >> 20, pass));
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } catch (Exception e) {
          failure = e.toString();
        }
      }, "live-heap-sampler-" + name);
      thread.setDaemon(true);
    }

    private static Set<String> heapPools(MBeanServerConnection jvm) throws IOException, MalformedObjectNameException {
      Set<String> out = new HashSet<>();
      for (ObjectName pool : jvm.queryNames(new ObjectName(ManagementFactory.MEMORY_POOL_MXBEAN_DOMAIN_TYPE + ",*"), null)) {
        MemoryPoolMXBean p = ManagementFactory.newPlatformMXBeanProxy(jvm, pool.toString(), MemoryPoolMXBean.class);
        if (p.getType() == MemoryType.HEAP) {
          out.add(p.getName());
        }
      }
      return out;
    }

    /** The collector that {@code System.gc()} runs: G1's, Parallel's and Serial's full collector. */
    private static com.sun.management.GarbageCollectorMXBean fullCollector(MBeanServerConnection jvm)
        throws IOException, MalformedObjectNameException {
      for (ObjectName gc : jvm.queryNames(new ObjectName(ManagementFactory.GARBAGE_COLLECTOR_MXBEAN_DOMAIN_TYPE + ",*"), null)) {
        String n = gc.getKeyProperty("name");
        if (n.contains("Old") || n.contains("MarkSweep")) {
          return ManagementFactory.newPlatformMXBeanProxy(jvm, gc.toString(), com.sun.management.GarbageCollectorMXBean.class);
        }
      }
      throw new IllegalStateException("no full collector (G1, Parallel or Serial) in the JVM");
    }

    /** Samples this JVM. */
    static LiveHeapSampler ofThisJvm(long periodMs) {
      return start(new LiveHeapSampler("driver", periodMs, ManagementFactory::getPlatformMBeanServer));
    }

    /**
     * Samples the JVM whose JMX agent listens on {@code port} of the loopback interface, once it is
     * up (the executor starts after the Spark session); gives up when stopped before that.
     */
    static LiveHeapSampler ofJmxPort(String name, long periodMs, int port) {
      JMXServiceURL url;
      try {
        url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi");
      } catch (MalformedURLException e) {
        throw new IllegalArgumentException(e);
      }
      LiveHeapSampler[] self = new LiveHeapSampler[1];
      self[0] = new LiveHeapSampler(name, periodMs, () -> {
        while (self[0].running) {
          try {
            // The RMI registry's own JNDI factory: a jndi.properties on the classpath (Hadoop's
            // minicluster jar) names Jetty's, which is not there.
            return JMXConnectorFactory.connect(url, Map.of(Context.INITIAL_CONTEXT_FACTORY,
                "com.sun.jndi.rmi.registry.RegistryContextFactory")).getMBeanServerConnection();
          } catch (IOException notYet) {
            self[0].failure = "cannot connect to " + url + ": " + notYet;
            Thread.sleep(200);
          }
        }
        return null;
      });
      return start(self[0]);
    }

    private static LiveHeapSampler start(LiveHeapSampler s) {
      s.thread.start();
      return s;
    }

    void stop() {
      running = false;
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (failure != null) {
        throw new IllegalStateException("The live-heap sampler of the " + name + " failed: " + failure);
      }
      if (samples.get() == 0) {
        throw new IllegalStateException("The live-heap sampler of the " + name + " took no sample");
      }
    }

    long maxLiveBytes() {
      return maxLive.get();
    }

    long samples() {
      return samples.get();
    }

    /** {@code "plan 40/12 detect 64/9 …"}: the most live heap (MB) and the samples of each pass. */
    String byPass() {
      StringBuilder b = new StringBuilder();
      synchronized (byPass) {
        byPass.forEach((pass, v) -> b.append(b.length() == 0 ? "" : " ").append(pass).append(' ').append(v[0] >> 20)
            .append('/').append(v[1]));
      }
      return b.toString();
    }

    /** Writes {@code s,live_mb,pass} per sample (seconds since this class was loaded). */
    void writeTrace(Path file) throws IOException {
      List<String> lines = new ArrayList<>();
      lines.add("s,live_mb,pass");
      lines.addAll(trace);
      Files.write(file, lines, StandardCharsets.UTF_8);
    }
  }

  /**
   * Spark properties for an executor in a JVM of its own ({@code local-cluster} master): this JVM's
   * classpath, heap {@code memory}, and a JMX agent on {@code jmxPort} of the loopback interface for
   * the sampler. The worker of {@code local-cluster} starts the executor from {@code $SPARK_HOME},
   * which must be set: it is made here from the Maven jars if it does not exist.
   */
  private static void separateExecutor(int jmxPort, String memory) {
    String home = System.getenv("SPARK_HOME");
    if (home == null || home.isBlank()) {
      throw new IllegalArgumentException("Cannot run the executor in a JVM of its own: set SPARK_HOME (a directory;"
          + " a Spark home is made there from the Maven jars when it holds none)");
    }
    if (!Files.isDirectory(Path.of(home, "jars"))) {
      MavenSparkHome.create(Path.of(home));
    }
    List<String> javaOpts = new ArrayList<>(MavenSparkHome.JAVA_OPENS);
    javaOpts.addAll(List.of("-Dcom.sun.management.jmxremote.port=" + jmxPort,
        "-Dcom.sun.management.jmxremote.rmi.port=" + jmxPort, "-Dcom.sun.management.jmxremote.authenticate=false",
        "-Dcom.sun.management.jmxremote.ssl=false", "-Djava.rmi.server.hostname=127.0.0.1"));
    String log4j = System.getProperty("log4j2.configurationFile");
    if (log4j != null) {
      javaOpts.add("-Dlog4j2.configurationFile=" + log4j);
    }
    System.setProperty("spark.executor.extraJavaOptions", String.join(" ", javaOpts));
    System.setProperty("spark.executor.extraClassPath", System.getProperty("java.class.path"));
    System.setProperty("spark.executor.memory", memory);
  }

  /** The reference network, untrained (seed 7), for the ETL's default windows of MLII plus its template. */
  private static void writeUntrainedModel(String uri, ExtractionConfig etl) {
    NetworkConfig cfg = NetworkConfig.reference(2, etl.samplesBefore() + etl.samplesAfter(), 5, 1e-3, 7);
    DatasetSchema schema = DatasetSchema.current(etl.targetFsHz(), etl.samplesBefore(), etl.samplesAfter(), 2);
    ModelMetadata m = new ModelMetadata(ModelMetadata.CURRENT_VERSION, AamiClass.vocabulary(), schema.fsHz(),
        schema.samplesBefore(), schema.samplesAfter(), 2, List.of("MLII", "MLII:template"), schema.rrFeatures(),
        Normalizer.identity(2, schema.rrFeatures().size()), schema, "untrained (benchmark)", null, cfg, Map.of(), List.of(), 0,
        "benchmark", "2026-12-01T00:00:00Z");
    new BeatModel(BeatNetwork.build(cfg, null), m).save(uri, new Configuration());
  }
}
