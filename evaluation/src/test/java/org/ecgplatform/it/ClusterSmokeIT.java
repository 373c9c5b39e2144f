package org.ecgplatform.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkStageInfo;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.JavaSparkStatusTracker;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ecgplatform.etl.beats.AamiClass;
import org.ecgplatform.etl.dataset.DatasetSchema;
import org.ecgplatform.testing.TestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The platform's jobs on a real multi-process cluster: a Spark standalone master and two workers
 * (separate JVMs, executors as their children, {@link StandaloneCluster}) and an HDFS ({@link
 * HdfsCluster}), all on 127.0.0.1. Input and output live on {@code hdfs://}; job code reaches
 * executors only through the jars the application ships, as on a real cluster.
 *
 * <p>In order: the generated Spark home holds Spark only; the ETL runs through {@code
 * submit-scripts/etl.sh --env cluster-test} (spark-submit of the ETL job jar) on five MIT-BIH
 * records; training runs through {@code train.sh} on that dataset with one of the two workers
 * killed after the first epoch (on by default in {@code mvn verify}; {@code
 * -Decg.it.pipeline=false} skips it); a driver in this JVM spreads tasks over both workers; and a
 * job survives the loss of a worker with exact output. Evaluation on a cluster is {@link
 * YarnClusterIT}'s, in both deploy modes: the job is the same on every cluster manager, so it
 * runs once per deploy mode rather than once more here. Run alone with {@code
 * mvn -B verify -pl evaluation -am -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false}; logs of
 * every process are under {@code evaluation/target/it-cluster/smoke/}. It runs beside {@link
 * YarnClusterIT} ({@link ItLanes}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ResourceLock(ItLanes.SECOND)
class ClusterSmokeIT {
  private static final Path DIR = Path.of("target", "it-cluster", "smoke").toAbsolutePath();
  /** Input files (one task each) and lines per file. */
  private static final int FILES = 8;
  private static final int LINES_PER_FILE = 500;
  /**
   * MIT-BIH records of the ETL test, covering every split with the default configuration: 101 and
   * 208 (de Chazal's DS1: train; together they hold beats of all five AAMI classes, which training
   * requires), 109 (DS1, among the validation patients drawn with the default seed), 100 and 103
   * (DS2: test). {@link YarnClusterIT} uses the same slice.
   */
  static final List<String> SLICE = List.of("100", "101", "103", "109", "208");
  /** The ETL test's output, the input of the training test. */
  private static final String DATASET = "/datasets/mitdb-slice";
  /** MIT-BIH annotation symbols, beats of every AAMI class and two non-beat marks. */
  private static final List<String> SYMBOLS = List.of("N", "L", "R", "A", "V", "F", "/", "Q", "+", "~", "j", "E");

  private static HdfsCluster hdfs;
  private static StandaloneCluster cluster;
  /**
   * One application whose driver is this JVM, shared by the last tests (it holds both executor
   * cores, so the tests that spark-submit their own application run before it exists).
   */
  private static SparkSession driver;

  @BeforeAll
  static void startClusters() throws IOException {
    hdfs = HdfsCluster.start(DIR.resolve("hdfs"), 2);
    cluster = StandaloneCluster.start(DIR.resolve("spark"), 2, 2048);
    Path input = Files.createDirectories(DIR.resolve("input"));
    for (int f = 0; f < FILES; f++) {
      List<String> lines = new ArrayList<>();
      for (int i = 0; i < LINES_PER_FILE; i++) {
        lines.add("rec" + f + "," + SYMBOLS.get((f + i) % SYMBOLS.size()));
      }
      Files.write(input.resolve("part-" + f + ".csv"), lines, StandardCharsets.UTF_8);
    }
    hdfs.copyIn(input, "/probe/input");
  }

  @AfterAll
  static void stopClusters() {
    List<ProcessHandle> left = List.of();
    try {
      if (driver != null) {
        driver.stop();
      }
      if (cluster != null) {
        cluster.close();
        left = cluster.liveProcesses();
      }
    } finally {
      if (hdfs != null) {
        hdfs.close();
      }
    }
    assertThat(left).as("processes left running after close()").isEmpty();
  }

  @Test
  @Order(1)
  void sparkHomeHoldsSparkOnly() throws IOException {
    List<String> jars = Files.readAllLines(cluster.sparkHome().resolve("jars.txt"));

    assertThat(jars).anyMatch(j -> j.contains("spark-core_2.12"))
        .anyMatch(j -> j.contains("hadoop-client-api"))
        .noneMatch(j -> j.contains("/org/ecgplatform/") || j.contains("/org/deeplearning4j/")
            || j.contains("/org/nd4j/") || j.contains("/org/bytedeco/") || j.contains("hadoop-client-minicluster"));
  }

  @Test
  @Order(10)
  void tasksRunOnBothWorkersAndReadAndWriteHdfs() {
    String output = hdfs.uri("/probe/in-jvm-driver");
    SparkSession spark = driver();

    ProbeJob.label(spark, hdfs.uri("/probe/input"), 300).write().parquet(output);
    List<Row> rows = spark.read().parquet(output).collectAsList();

    assertLabelled(rows);
    Map<Integer, Set<Long>> pidsByWorker = executorPidsByWorker(rows);
    assertThat(pidsByWorker).as("workers whose executors ran tasks").containsOnlyKeys(0, 1);
    // While the application lives, its executors are child JVMs of the workers named above.
    for (Map.Entry<Integer, Set<Long>> e : pidsByWorker.entrySet()) {
      assertThat(cluster.executorPidsOf(e.getKey())).containsAll(e.getValue());
    }
  }

  /**
   * The ETL job as users run it: {@code submit-scripts/etl.sh --env cluster-test}, i.e. {@code
   * spark-submit} of the ETL job jar with the options {@code SubmitArgs} derives from the
   * environment file, on three MIT-BIH records read from and written to HDFS.
   */
  @Test
  @Order(3)
  void etlJobRunsThroughTheSubmitScriptsFromHdfsToHdfs() throws Exception {
    copySliceToHdfs(hdfs, DIR.resolve("mitdb-slice"), "/data/mitdb");
    String dataset = hdfs.uri(DATASET);

    int rc = run(List.of("bash", "submit-scripts/etl.sh", "--env", "cluster-test", "--input", hdfs.uri("/data/mitdb"),
        "--output", dataset), Map.of("ECG_CONF_DIR", clusterTestConfDir().toString()), DIR.resolve("etl.log"));

    assertThat(rc).as("etl.sh exit code (log: %s)", DIR.resolve("etl.log")).isZero();
    assertThat(hdfs.exists(DATASET + "/" + DatasetSchema.FILE_NAME)).isTrue();
    JsonNode manifest;
    try (InputStream in = hdfs.fileSystem().open(
        new org.apache.hadoop.fs.Path(dataset + "/" + DatasetSchema.MANIFEST_FILE))) {
      manifest = new ObjectMapper().readTree(in);
    }
    long expectedRows = 0;
    Set<String> okRecords = new TreeSet<>();
    for (JsonNode r : manifest.path("records")) {
      if (r.path("ok").asBoolean()) {
        okRecords.add(r.path("record").asText());
        expectedRows += r.path("windowsWritten").asLong() + r.path("augmentedWritten").asLong();
      }
    }
    assertThat(okRecords).containsExactlyInAnyOrderElementsOf(SLICE);
    List<Row> counts = readLocally(spark -> spark.read().parquet(dataset + "/" + DatasetSchema.BEATS_DIR)
        .groupBy(DatasetSchema.RECORD, DatasetSchema.SPLIT).count().collectAsList());
    assertThat(counts).extracting(r -> r.getString(0)).containsExactlyInAnyOrderElementsOf(SLICE);
    assertThat(counts).extracting(r -> r.getString(1)).containsOnly("train", "val", "test").contains("train", "val", "test");
    assertThat(counts.stream().mapToLong(r -> r.getLong(2)).sum()).isEqualTo(expectedRows).isPositive();
  }

  /**
   * Training on the cluster: DL4J parameter averaging over the two executor JVMs on the ETL test's
   * dataset, through {@code submit-scripts/train.sh --env cluster-test}, input and output on HDFS.
   * A worker and its executor are killed after the first of two epochs; the run must still produce
   * a complete model, either by itself or through {@code --resume} from its checkpoint. Set by
   * failsafe ({@code ecg.it.pipeline}); it takes a minute or two, mostly shipping the training job
   * jar to the executors and loading ND4J there.
   */
  @Test
  @Order(4)
  void trainingOnTheClusterSurvivesTheLossOfAWorker() throws Exception {
    assumeTrue(Boolean.getBoolean("ecg.it.pipeline"), "Skipped: -Decg.it.pipeline=true runs training on the cluster");
    assumeTrue(hdfs.exists(DATASET + "/" + DatasetSchema.MANIFEST_FILE), "Skipped: needs the ETL test's dataset");
    String dataset = hdfs.uri(DATASET);
    String model = hdfs.uri("/models/mitdb-slice");

    Map<String, String> env = Map.of("ECG_CONF_DIR", clusterTestConfDir().toString());
    List<String> trainCmd = List.of("bash", "submit-scripts/train.sh", "--env", "cluster-test", "--dataset", dataset,
        "--output", model, "training.epochs=2", "training.spark.batch-size-per-worker=32",
        "training.spark.averaging-frequency=2");
    // Kill one of the two workers (and its executor) once the first epoch is done: the run either
    // completes on the remaining worker or, if DL4J cannot survive it, resumes from its checkpoint
    // through the documented command (--resume) once a replacement worker has joined.
    Path trainLog = DIR.resolve("train.log");
    Process training = start(trainCmd, env, trainLog);
    int exit;
    try {
      awaitLine(trainLog, "Epoch 1/2:", training, Duration.ofMinutes(10));
      cluster.killWorker(1);
      assertThat(training.waitFor(10, TimeUnit.MINUTES)).as("training finished after the worker loss").isTrue();
      exit = training.exitValue();
    } finally {
      training.descendants().forEach(ProcessHandle::destroyForcibly);
      training.destroyForcibly();
    }
    cluster.restartWorker(1);
    if (exit != 0) {
      List<String> resume = new ArrayList<>(trainCmd);
      resume.add("--resume");
      int resumed = run(resume, env, DIR.resolve("train-resume.log"));
      assertThat(resumed).as("train.sh --resume exit code (log: %s)", DIR.resolve("train-resume.log")).isZero();
    }
    assertThat(hdfs.exists("/models/mitdb-slice/model.zip")).isTrue();
    String metrics;
    try (InputStream in = hdfs.fileSystem().open(new org.apache.hadoop.fs.Path("/models/mitdb-slice/training-metrics.csv"))) {
      metrics = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(metrics.lines().filter(l -> l.matches("^[12],.*")).count()).as("epochs in training-metrics.csv: %s", metrics)
        .isEqualTo(2);
  }

  /**
   * Copies the {@link #SLICE} records of MIT-BIH (read in place from the test data) with a RECORDS
   * file to an HDFS directory, through {@code work} on the local disk.
   */
  static void copySliceToHdfs(HdfsCluster hdfs, Path work, String hdfsDir) throws IOException {
    Path mitdb = TestData.require("mitdb");
    Path slice = Files.createDirectories(work.resolve("mitdb"));
    for (String record : SLICE) {
      for (String ext : List.of(".hea", ".dat", ".atr")) {
        Files.copy(mitdb.resolve(record + ext), slice.resolve(record + ext), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    Files.write(slice.resolve("RECORDS"), SLICE);
    hdfs.copyIn(slice, hdfsDir);
  }

  /** conf/*.conf of the project plus {@code cluster-test.conf}, for {@code ECG_CONF_DIR}. */
  private static Path clusterTestConfDir() throws IOException {
    Path conf = Files.createDirectories(DIR.resolve("conf"));
    try (Stream<Path> files = Files.list(TestJars.projectRoot().resolve("conf"))) {
      for (Path f : files.filter(f -> f.toString().endsWith(".conf")).toList()) {
        Files.copy(f, conf.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    try (InputStream in = ClusterSmokeIT.class.getResourceAsStream("cluster-test.conf")) {
      Files.copy(in, conf.resolve("cluster-test.conf"), StandardCopyOption.REPLACE_EXISTING);
    }
    return conf;
  }

  /** Last: it leaves the cluster with one worker. */
  @Test
  @Order(100)
  void jobSurvivesTheLossOfAWorkerAndWritesExactOutput() throws Exception {
    String output = hdfs.uri("/probe/after-worker-loss");
    SparkSession spark = driver();
    LossListener losses = new LossListener();
    spark.sparkContext().addSparkListener(losses);
    ExecutorService driverThread = Executors.newSingleThreadExecutor();
    try {
      // Long tasks, so that worker 1 is busy when it dies.
      Future<?> job = driverThread.submit(
          () -> ProbeJob.label(spark, hdfs.uri("/probe/input"), 2000).write().parquet(output));
      awaitCompletedTasks(spark, 2, job);
      cluster.killWorker(1);
      job.get(3, TimeUnit.MINUTES);
      List<Row> rows = spark.read().parquet(output).collectAsList();

      assertThat(losses.executorsRemoved.get()).as("executors the driver lost").isPositive();
      assertLabelled(rows);
      assertThat(executorPidsByWorker(rows)).containsKey(0);
      awaitAliveWorkers(1);
    } finally {
      driverThread.shutdownNow();
    }
  }

  /** Counts what the driver sees of a failure. */
  private static final class LossListener extends SparkListener {
    final AtomicInteger executorsRemoved = new AtomicInteger();

    @Override
    public void onExecutorRemoved(SparkListenerExecutorRemoved removed) {
      executorsRemoved.incrementAndGet();
    }
  }

  /** Waits until the running job has finished {@code n} tasks. */
  private static void awaitCompletedTasks(SparkSession spark, int n, Future<?> job) throws Exception {
    JavaSparkStatusTracker tracker = JavaSparkContext.fromSparkContext(spark.sparkContext()).statusTracker();
    Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
    while (Instant.now().isBefore(deadline)) {
      if (job.isDone()) {
        job.get();
        throw new IllegalStateException("Cannot kill a worker mid-job: the job finished first");
      }
      int done = 0;
      for (int stage : tracker.getActiveStageIds()) {
        SparkStageInfo info = tracker.getStageInfo(stage);
        done += info == null ? 0 : info.numCompletedTasks();
      }
      if (done >= n) {
        return;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("Cannot kill a worker mid-job: " + n + " tasks did not finish within 2 minutes");
  }

  private static void awaitAliveWorkers(int n) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
    while (cluster.aliveWorkers() != n && Instant.now().isBefore(deadline)) {
      Thread.sleep(200);
    }
    assertThat(cluster.aliveWorkers()).as("workers the master reports alive").isEqualTo(n);
  }

  /** Every input line once, with the AAMI class the table gives its symbol. */
  private static void assertLabelled(List<Row> rows) {
    Map<String, Long> expected = new TreeMap<>();
    for (int f = 0; f < FILES; f++) {
      for (int i = 0; i < LINES_PER_FILE; i++) {
        String aami = AamiClass.ofSymbol(SYMBOLS.get((f + i) % SYMBOLS.size())).map(Enum::name).orElse("-");
        expected.merge("rec" + f + "/" + aami, 1L, Long::sum);
      }
    }
    Map<String, Long> actual = rows.stream().collect(Collectors.groupingBy(
        r -> r.getString(0) + "/" + (r.isNullAt(2) ? "-" : r.getString(2)), TreeMap::new, Collectors.counting()));
    assertThat(actual).isEqualTo(expected);
  }

  /**
   * Executor pids by the worker they ran under, from each row's executor working directory
   * ({@code <cluster>/worker-<i>/<app>/<executor>}); fails on a row from anywhere else.
   */
  static Map<Integer, Set<Long>> executorPidsByWorker(List<Row> rows) {
    Map<Integer, Set<Long>> byWorker = new TreeMap<>();
    for (Row r : rows) {
      Path rel = cluster.dir().relativize(Path.of(r.getString(4)));
      assertThat(rel.getName(0).toString()).as("executor directory %s", r.getString(4)).matches("worker-\\d+");
      int worker = Integer.parseInt(rel.getName(0).toString().substring("worker-".length()));
      byWorker.computeIfAbsent(worker, k -> new TreeSet<>()).add(r.getLong(3));
    }
    return byWorker;
  }

  /** The shared application with its driver in this JVM (client mode), shipping the ETL job jar and the probe. */
  private static synchronized SparkSession driver() {
    if (driver == null) {
      Path probeJar = TestJars.jarOf(ProbeJob.class, DIR.resolve("probe.jar"));
      driver = SparkSession.builder().appName("cluster-smoke").master(cluster.masterUrl())
          .config("spark.jars", TestJars.jobJar("etl") + "," + probeJar)
          .config("spark.executor.memory", "1g")
          .config("spark.executor.cores", "1")
          .config("spark.cores.max", "2")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1")
          .config("spark.ui.enabled", "false")
          .config("spark.hadoop.dfs.replication", "1")
          .config("spark.scheduler.minRegisteredResourcesRatio", "1.0")
          .config("spark.scheduler.maxRegisteredResourcesWaitingTime", "60s")
          .getOrCreate();
    }
    return driver;
  }

  /**
   * Reads results with embedded Spark in this JVM, stopped afterwards: the tests that submit their
   * own application run before the shared {@link #driver()} takes the cluster's cores.
   */
  private static <T> T readLocally(Function<SparkSession, T> read) {
    if (driver != null) {
      return read.apply(driver);
    }
    SparkSession local = SparkSession.builder().appName("cluster-smoke-reader").master("local[1]")
        .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false").getOrCreate();
    try {
      return read.apply(local);
    } finally {
      local.stop();
    }
  }

  /** Starts a command with the cluster's client environment, its output into {@code log}. */
  static Process start(List<String> cmd, Map<String, String> extraEnv, Path log) throws IOException {
    Map<String, String> env = new java.util.LinkedHashMap<>(cluster.clientEnvironment());
    env.putAll(extraEnv);
    return Processes.start(cmd, env, log);
  }

  /** Waits until {@code log} has a line containing {@code text}; fails when the process ends first. */
  static void awaitLine(Path log, String text, Process p, Duration timeout) throws IOException, InterruptedException {
    Processes.awaitLine(log, text, p, timeout);
  }

  /** Runs a command with the cluster's client environment, its output into {@code log}. */
  static int run(List<String> cmd, Map<String, String> extraEnv, Path log) throws IOException, InterruptedException {
    Map<String, String> env = new java.util.LinkedHashMap<>(cluster.clientEnvironment());
    env.putAll(extraEnv);
    return Processes.run(cmd, env, log, Duration.ofMinutes(10));
  }
}
