package org.ecgplatform.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.ecgplatform.etl.dataset.DatasetSchema;
import org.ecgplatform.it.ContainerWatch.Role;
import org.ecgplatform.it.ContainerWatch.Stats;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform's jobs on YARN as users submit them: {@code submit-scripts/*.sh --env <yarn env>}
 * from a gateway environment ({@code HADOOP_CONF_DIR}, {@code SPARK_HOME} with spark-yarn) to a
 * {@link YarnCluster} of two NodeManagers that enforce physical memory, over an {@link
 * HdfsCluster}, all on 127.0.0.1. The environment file is {@code conf/yarn.conf} itself with only
 * its sizes scaled down for this machine ({@link #deriveEnvironments}), so what runs here is what
 * users run.
 *
 * <p>In order, sharing one YARN and one HDFS: in client deploy mode (yarn.conf's own) the ETL of
 * five MIT-BIH records, training with parameter averaging over two executor containers, one of
 * which is killed after the first epoch (the run completes, or resumes with {@code --resume}),
 * and evaluation; in cluster deploy mode ETL and training (spark-submit returns 0, outputs on
 * HDFS) and an evaluation whose regression gate fails (spark-submit fails, the outputs and the
 * gate's verdict are on HDFS); last, no container was killed for exceeding its memory and every
 * container's peak stayed below its limit ({@code container-memory.csv}).
 *
 * <p>Run alone with {@code mvn -B -pl evaluation -am verify -Dit.test=YarnClusterIT -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false}; logs of every command under {@code
 * evaluation/target/it-cluster/yarn/}, the ResourceManager's and NodeManagers' in {@code
 * logs/yarn.log} there, container logs under {@code mini-yarn/} there.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class YarnClusterIT {
  private static final Logger LOG = LoggerFactory.getLogger(YarnClusterIT.class);
  private static final Path DIR = Path.of("target", "it-cluster", "yarn").toAbsolutePath();

  /** The environment file the tests submit with, derived from conf/yarn.conf. */
  private static final String ENV = "yarn-it";
  /** The command-line override that switches a job to cluster deploy mode. */
  private static final String CLUSTER_MODE = "spark.deploy-mode=cluster";
  /**
   * conf/yarn.conf's memory sizes are divided by this for the test machine (2 cores, 24 GB shared by
   * several builds); their ratios (heap : overhead : ND4J's limits) stay those users run with.
   */
  private static final int SCALE = 4;
  /** The keys of conf/yarn.conf that are divided by {@link #SCALE} (all of them must be there). */
  static final List<String> MEMORY_KEYS = List.of(
      "spark.driver-memory", "spark.executor-memory", "spark.memory-overhead",
      "spark.conf.\"spark.driver.memoryOverhead\"", "spark.nd4j.max-bytes", "spark.nd4j.max-physical-bytes");
  private static final String DRIVER_MEMORY = "spark.driver-memory";
  private static final String DRIVER_MEMORY_OVERHEAD = "spark.conf.\"spark.driver.memoryOverhead\"";
  private static final String EXECUTOR_MEMORY = "spark.executor-memory";
  private static final String MEMORY_OVERHEAD = "spark.memory-overhead";
  /** Other sizes: two executors (parameter averaging over two containers), few shuffle partitions. */
  static final Map<String, Object> OTHER_SIZES = Map.of(
      "spark.num-executors", 2,
      "spark.conf.\"spark.sql.shuffle.partitions\"", 4);

  private static final String MITDB = "/data/mitdb";
  /** Generous: a job takes about a minute here on an idle machine, several on a busy one. */
  private static final Duration JOB_TIMEOUT = Duration.ofMinutes(15);

  private static HdfsCluster hdfs;
  private static YarnCluster yarn;
  private static Path confDir;

  @BeforeAll
  static void startClusters() throws IOException {
    // Logs of an earlier run would stand in for commands that did not run this time.
    if (Files.isDirectory(DIR)) {
      try (java.util.stream.Stream<Path> old = Files.list(DIR)) {
        for (Path p : old.filter(p -> p.toString().endsWith(".log") || p.toString().endsWith(".csv")).toList()) {
          Files.delete(p);
        }
      }
    }
    hdfs = HdfsCluster.start(DIR.resolve("hdfs"), 1);
    yarn = YarnCluster.start(DIR, hdfs, 2, 4096);
    confDir = deriveEnvironments(DIR.resolve("conf"), yarn.sparkHome());
    ClusterSmokeIT.copySliceToHdfs(hdfs, DIR.resolve("mitdb-slice"), MITDB);
  }

  @AfterAll
  static void stopClusters() throws IOException {
    try {
      if (yarn != null) {
        yarn.containers().writeCsv(DIR.resolve("container-memory.csv"));
        yarn.close();
      }
    } finally {
      if (hdfs != null) {
        hdfs.close();
      }
    }
    List<ProcessHandle> left = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList();
    assertThat(left).as("container processes left running after the NodeManagers stopped")
        .allMatch(p -> p.info().commandLine().map(c -> !c.contains("container_")).orElse(true));
  }

  @Test
  @Order(1)
  void etlRunsInClientMode() throws Exception {
    Path log = DIR.resolve("etl-client.log");

    int rc = submit(List.of("bash", "submit-scripts/etl.sh", "--env", ENV, "--input", hdfs.uri(MITDB),
        "--output", hdfs.uri("/datasets/client")), log);

    assertThat(rc).as("etl.sh exit code (log: %s)", log).isZero();
    String app = applicationOf(log);
    assertSucceeded(app);
    assertDataset("/datasets/client");
  }

  /**
   * Parameter averaging over two executor containers; once the first epoch is logged, one of the
   * executor JVMs is killed (SIGKILL, as a crash or the kernel's OOM killer would). Spark asks YARN
   * for a replacement and reruns the lost tasks; if the run fails instead, {@code --resume} must
   * finish it from the checkpoint, as on the standalone cluster ({@link ClusterSmokeIT}).
   */
  @Test
  @Order(2)
  void trainingInClientModeSurvivesTheLossOfAnExecutorContainer() throws Exception {
    assumeTrue(hdfs.exists("/datasets/client/" + DatasetSchema.MANIFEST_FILE), "Skipped: needs the client-mode ETL's dataset");
    List<String> cmd = trainCommand(ENV, "/datasets/client", "/models/client", 2);
    Path log = DIR.resolve("train-client.log");
    Process training = Processes.start(cmd, submitEnvironment(), log);
    String app;
    String killed;
    int exit;
    try {
      Processes.awaitLine(log, "Epoch 1/2:", training, JOB_TIMEOUT);
      app = applicationOf(log);
      killed = yarn.containers().killOneExecutor(app);
      assertThat(training.waitFor(JOB_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS))
          .as("training finished after the container loss (log: %s)", log).isTrue();
      exit = training.exitValue();
    } finally {
      Processes.stop(training);
    }
    if (exit != 0) {
      List<String> resume = new ArrayList<>(cmd);
      resume.add("--resume");
      Path resumeLog = DIR.resolve("train-client-resume.log");
      int resumed = submit(resume, resumeLog);
      assertThat(resumed).as("train.sh --resume exit code (log: %s)", resumeLog).isZero();
    }
    LOG.info("Training after the loss of container {}: {}", killed, exit == 0 ? "completed by itself" : "resumed");

    assertThat(Files.readString(log)).as("epoch layout in %s", log).containsPattern(Pattern.compile("rounds x 2 workers"));
    assertThat(yarn.containers().of(app).stream().filter(s -> s.role() == Role.EXECUTOR).count())
        .as("executor containers of %s: %s", app, yarn.containers().of(app)).isGreaterThanOrEqualTo(2);
    assertModel("/models/client", 2);
  }

  @Test
  @Order(3)
  void evaluationRunsInClientMode() throws Exception {
    assumeTrue(hdfs.exists("/models/client/model.zip"), "Skipped: needs the client-mode model");
    Path log = DIR.resolve("evaluate-client.log");

    int rc = submit(List.of("bash", "submit-scripts/evaluate.sh", "--env", ENV, "--model", hdfs.uri("/models/client"),
        "--dataset", hdfs.uri("/datasets/client"), "--output", hdfs.uri("/evaluations/client")), log);

    assertThat(rc).as("evaluate.sh exit code (log: %s)", log).isZero();
    assertSucceeded(applicationOf(log));
    assertThat(hdfs.exists("/evaluations/client/metrics.json")).isTrue();
  }

  /**
   * The driver runs in the ApplicationMaster's container; spark-submit waits for the end and
   * returns 0. The driver read its environment files from its container's working directory, where
   * {@code --files} put them (the gateway's folder does not exist on a cluster node).
   */
  @Test
  @Order(4)
  void etlRunsInClusterMode() throws Exception {
    Path log = DIR.resolve("etl-cluster.log");

    int rc = submit(List.of("bash", "submit-scripts/etl.sh", "--env", ENV, "--input", hdfs.uri(MITDB),
        "--output", hdfs.uri("/datasets/cluster"), CLUSTER_MODE), log);

    assertThat(rc).as("etl.sh exit code (log: %s)", log).isZero();
    String app = applicationOf(log);
    assertSucceeded(app);
    assertDataset("/datasets/cluster");
    Stats driver = driverContainer(app);
    assertThat(String.join(" ", driver.javaCommandLine())).as("the driver's arguments")
        .contains("--arg --conf-dir --arg . ").contains("--arg --env --arg " + ENV + " ");
  }

  @Test
  @Order(5)
  void trainingRunsInClusterMode() throws Exception {
    assumeTrue(hdfs.exists("/datasets/cluster/" + DatasetSchema.MANIFEST_FILE), "Skipped: needs the cluster-mode ETL's dataset");
    Path log = DIR.resolve("train-cluster.log");

    List<String> cmd = new ArrayList<>(trainCommand(ENV, "/datasets/cluster", "/models/cluster", 1));
    cmd.add(CLUSTER_MODE);
    int rc = submit(cmd, log);

    assertThat(rc).as("train.sh exit code (log: %s)", log).isZero();
    String app = applicationOf(log);
    assertSucceeded(app);
    assertThat(yarn.containers().of(app).stream().filter(s -> s.role() == Role.EXECUTOR).count())
        .as("executor containers of %s", app).isEqualTo(2);
    assertModel("/models/cluster", 1);
  }

  /**
   * A failing job fails spark-submit in cluster mode: the evaluation's regression gate fails against
   * a baseline that scored perfectly. The driver's own exit status (3) cannot reach the caller, as
   * YARN only reports FAILED, so spark-submit exits 1 and the status is in the application's
   * diagnostics; the evaluation's outputs, the gate's verdict included, are on HDFS. YARN does not
   * start the job again (yarn.conf: spark.yarn.maxAppAttempts = 1).
   */
  @Test
  @Order(6)
  void evaluationInClusterModeFailsSparkSubmitWhenTheGateFails() throws Exception {
    assumeTrue(hdfs.exists("/models/cluster/model.zip"), "Skipped: needs the cluster-mode model");
    writePerfectBaseline("/evaluations/perfect");
    Path log = DIR.resolve("evaluate-cluster.log");

    int rc = submit(List.of("bash", "submit-scripts/evaluate.sh", "--env", ENV, "--model", hdfs.uri("/models/cluster"),
        "--dataset", hdfs.uri("/datasets/cluster"), "--output", hdfs.uri("/evaluations/cluster"),
        "--baseline", hdfs.uri("/evaluations/perfect"), "evaluation.split=val", CLUSTER_MODE), log);

    assertThat(rc).as("evaluate.sh exit code (log: %s)", log).isEqualTo(1);
    String app = applicationOf(log);
    ApplicationReport report = yarn.report(app);
    assertThat(report.getFinalApplicationStatus()).isEqualTo(FinalApplicationStatus.FAILED);
    assertThat(report.getDiagnostics()).contains("exit status 3");
    assertThat(Files.readString(log)).contains("exit status 3");
    assertThat(yarn.attempts(app)).as("attempts of %s", app).isEqualTo(1);
    assertThat(hdfs.exists("/evaluations/cluster/metrics.json")).isTrue();
    JsonNode gate = readJson("/evaluations/cluster/gate.json");
    assertThat(gate.path("passed").asBoolean(true)).as("gate.json: %s", gate).isFalse();
    assertThat(gate.path("failures").toString()).contains("macroF1 dropped from 1.0000");
  }

  /**
   * At the documented overhead (scaled like every size) no container was killed for exceeding its
   * physical memory: not in the NodeManagers' log, not in the exit statuses they reported, not in
   * what the drivers were told; and every container's sampled peak stayed below its limit. The
   * figures are in {@code container-memory.csv}.
   */
  @Test
  @Order(100)
  void noContainerExceededItsPhysicalMemory() throws Exception {
    yarn.containers().writeCsv(DIR.resolve("container-memory.csv"));
    List<Stats> sparkContainers = yarn.containers().all().stream().filter(s -> s.role() != Role.UNKNOWN).toList();
    List<Stats> executors = sparkContainers.stream().filter(s -> s.role() == Role.EXECUTOR).toList();
    assumeTrue(!executors.isEmpty(), "Skipped: no executor ran");
    logTable(sparkContainers);

    assertThat(Files.readString(yarn.yarnLog())).as("NodeManager log %s", yarn.yarnLog())
        .doesNotContain("memory limit. Current usage").doesNotContain("beyond the 'PHYSICAL' memory limit");
    assertThat(sparkContainers).noneMatch(Stats::killedForMemory);
    List<Path> driverLogs = new ArrayList<>(List.of(DIR.resolve("etl-client.log"), DIR.resolve("train-client.log"),
        DIR.resolve("evaluate-client.log")));
    sparkContainers.stream().filter(s -> s.role() == Role.DRIVER_AM)
        .forEach(s -> yarn.containerLog(s.containerId(), "stderr").ifPresent(driverLogs::add));
    for (Path driverLog : driverLogs) {
      if (Files.exists(driverLog)) {
        assertThat(Files.readString(driverLog)).as("driver log %s", driverLog).doesNotContain("exceeding physical memory");
      }
    }
    long expectedExecutorLimitMb = roundUp(scaledMb(EXECUTOR_MEMORY) + scaledMb(MEMORY_OVERHEAD), YarnCluster.ALLOCATION_STEP_MB);
    assertThat(executors).extracting(Stats::limitMb).as("executor container limits (heap + overhead)")
        .containsOnly(expectedExecutorLimitMb);
    long expectedDriverLimitMb = roundUp(scaledMb(DRIVER_MEMORY) + scaledMb(DRIVER_MEMORY_OVERHEAD), YarnCluster.ALLOCATION_STEP_MB);
    assertThat(sparkContainers.stream().filter(s -> s.role() == Role.DRIVER_AM)).extracting(Stats::limitMb)
        .as("cluster-mode driver container limits (heap + overhead)").containsOnly(expectedDriverLimitMb);
    for (Stats s : sparkContainers) {
      assertThat(s.peakRssMb()).as("peak resident memory of %s (%s), limit %d MB", s.containerId(), s.role(), s.limitMb())
          .isPositive().isLessThan(s.limitMb());
    }
  }

  // ----------------------------------------------------------------------------------------------

  /**
   * Writes {@code <dir>/yarn-it.conf}: conf/yarn.conf as it is (client deploy mode; the cluster-mode
   * tests add {@value #CLUSTER_MODE} on the command line, as users would), followed by its sizes
   * divided by {@link #SCALE} ({@link #MEMORY_KEYS}, {@link #OTHER_SIZES}) and the settings of this
   * test machine, which are not sizes. Beside it conf/defaults.conf, which every environment falls
   * back to.
   */
  static Path deriveEnvironments(Path dir, Path sparkHome) throws IOException {
    Files.createDirectories(dir);
    Path projectConf = TestJars.projectRoot().resolve("conf");
    Files.copy(projectConf.resolve("defaults.conf"), dir.resolve("defaults.conf"), StandardCopyOption.REPLACE_EXISTING);
    String yarnConf = Files.readString(projectConf.resolve("yarn.conf"));
    Config parsed = ConfigFactory.parseString(yarnConf).resolve();
    Map<String, Object> overrides = new LinkedHashMap<>();
    for (String key : MEMORY_KEYS) {
      if (!parsed.hasPath(key)) {
        throw new IllegalStateException("Cannot derive the test environment: conf/yarn.conf has no " + key
            + " (renamed? update YarnClusterIT.MEMORY_KEYS)");
      }
      overrides.put(key, parsed.getMemorySize(key).toBytes() / SCALE / (1024 * 1024) + "m");
    }
    overrides.putAll(OTHER_SIZES);
    // This machine: loopback only, no UI; Spark is installed on every node (the one machine), so
    // nothing is uploaded per submit; tasks start once both executors are up, so the work really
    // spreads over two containers.
    overrides.put("spark.conf.\"spark.ui.enabled\"", false);
    overrides.put("spark.conf.\"spark.yarn.jars\"", "local:" + sparkHome.resolve("jars") + "/*");
    overrides.put("spark.conf.\"spark.yarn.appMasterEnv.SPARK_LOCAL_IP\"", "127.0.0.1");
    overrides.put("spark.conf.\"spark.executorEnv.SPARK_LOCAL_IP\"", "127.0.0.1");
    overrides.put("spark.conf.\"spark.scheduler.minRegisteredResourcesRatio\"", 1.0);
    overrides.put("spark.conf.\"spark.scheduler.maxRegisteredResourcesWaitingTime\"", "120s");
    // Short-lived JVMs on two cores: without the optimising JIT compiler a Spark JVM spends about
    // half the CPU time (spark-submit of a small local job: 30 -> 16 CPU-seconds). The garbage
    // collector stays the default, whose native memory is part of what the containers are sized for.
    for (String jvm : List.of("spark.driver.defaultJavaOptions", "spark.executor.defaultJavaOptions", "spark.yarn.am.extraJavaOptions")) {
      overrides.put("spark.conf.\"" + jvm + "\"", "-XX:TieredStopAtLevel=1");
    }

    StringBuilder client = new StringBuilder(yarnConf).append("\n# YarnClusterIT: the sizes above divided by ")
        .append(SCALE).append(", and this test machine's settings.\n");
    overrides.forEach((k, v) -> client.append(k).append(" = ").append(render(v)).append('\n'));
    Files.writeString(dir.resolve(ENV + ".conf"), client);
    return dir;
  }

  private static String render(Object v) {
    return v instanceof String s ? "\"" + s + "\"" : String.valueOf(v);
  }

  /** A key of {@link #MEMORY_KEYS} as the test environment has it, in MB. */
  private static long scaledMb(String key) {
    Config c = ConfigFactory.parseFile(confDir.resolve(ENV + ".conf").toFile()).resolve();
    return c.getMemorySize(key).toBytes() / (1024 * 1024);
  }

  private static long roundUp(long mb, long step) {
    return (mb + step - 1) / step * step;
  }

  private static List<String> trainCommand(String env, String dataset, String model, int epochs) {
    return List.of("bash", "submit-scripts/train.sh", "--env", env, "--dataset", hdfs.uri(dataset),
        "--output", hdfs.uri(model), "training.epochs=" + epochs,
        // 12 averaging rounds per epoch on the slice's ~6,000 training beats.
        "training.spark.batch-size-per-worker=128", "training.spark.averaging-frequency=2");
  }

  private static Map<String, String> submitEnvironment() {
    Map<String, String> env = new LinkedHashMap<>(yarn.clientEnvironment());
    env.put("ECG_CONF_DIR", confDir.toString());
    return env;
  }

  private static int submit(List<String> cmd, Path log) throws IOException, InterruptedException {
    return Processes.run(cmd, submitEnvironment(), log, JOB_TIMEOUT);
  }

  /** The one YARN application a submit log names. */
  private static String applicationOf(Path log) {
    List<String> ids = YarnCluster.applicationIdsIn(log);
    assertThat(ids).as("YARN applications named in %s", log).hasSize(1);
    return ids.get(0);
  }

  private static void assertSucceeded(String app) {
    ApplicationReport r = yarn.report(app);
    assertThat(r.getFinalApplicationStatus()).as("final status of %s: %s", app, r.getDiagnostics())
        .isEqualTo(FinalApplicationStatus.SUCCEEDED);
    assertThat(yarn.attempts(app)).as("attempts of %s", app).isEqualTo(1);
  }

  private static Stats driverContainer(String app) {
    List<Stats> drivers = yarn.containers().of(app).stream().filter(s -> s.role() == Role.DRIVER_AM).toList();
    assertThat(drivers).as("driver containers of %s: %s", app, yarn.containers().of(app)).hasSize(1);
    return drivers.get(0);
  }

  /** schema.json, and a manifest in which every record of the slice was read. */
  private static void assertDataset(String dir) throws IOException {
    assertThat(hdfs.exists(dir + "/" + DatasetSchema.FILE_NAME)).as("%s/%s", dir, DatasetSchema.FILE_NAME).isTrue();
    Set<String> ok = new TreeSet<>();
    for (JsonNode r : readJson(dir + "/" + DatasetSchema.MANIFEST_FILE).path("records")) {
      if (r.path("ok").asBoolean() && r.path("windowsWritten").asLong() > 0) {
        ok.add(r.path("record").asText());
      }
    }
    assertThat(ok).containsExactlyInAnyOrderElementsOf(ClusterSmokeIT.SLICE);
  }

  /** model.zip, and one row per epoch in training-metrics.csv. */
  private static void assertModel(String dir, int epochs) throws IOException {
    assertThat(hdfs.exists(dir + "/model.zip")).as("%s/model.zip", dir).isTrue();
    String metrics = readString(dir + "/training-metrics.csv");
    assertThat(metrics.lines().filter(l -> l.matches("^\\d+,.*")).count()).as("epochs in training-metrics.csv: %s", metrics)
        .isEqualTo(epochs);
  }

  /** A completed evaluation output whose macro-F1 and kappa are perfect. */
  private static void writePerfectBaseline(String dir) throws IOException {
    org.apache.hadoop.fs.FileSystem fs = hdfs.fileSystem();
    try (OutputStream out = fs.create(new org.apache.hadoop.fs.Path(hdfs.uri(dir + "/metrics.json")), true)) {
      out.write("{\"metrics\": {\"macroF1\": 1.0, \"kappa\": 1.0}}".getBytes(StandardCharsets.UTF_8));
    }
    fs.create(new org.apache.hadoop.fs.Path(hdfs.uri(dir + "/_SUCCESS")), true).close();
  }

  private static JsonNode readJson(String path) throws IOException {
    return new ObjectMapper().readTree(readString(path));
  }

  private static String readString(String path) throws IOException {
    try (InputStream in = hdfs.fileSystem().open(new org.apache.hadoop.fs.Path(hdfs.uri(path)))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static void logTable(List<Stats> containers) {
    LOG.info("Container memory (limit = heap + overhead; peak = highest resident memory of the container's processes):\n{}",
        containers.stream().map(s -> String.format(java.util.Locale.ROOT, "  %-40s %-20s limit %5d MB  peak %5d MB (%3d %%)  cpu %6.1f s  exit %s",
            s.containerId(), s.role(), s.limitMb(), s.peakRssMb(), s.limitMb() > 0 ? 100 * s.peakRssMb() / s.limitMb() : 0,
            s.cpuSeconds(), s.exitStatus())).collect(Collectors.joining("\n")));
    LOG.info("CPU: containers {} s, test JVM (HDFS, YARN daemons) {} s",
        String.format(java.util.Locale.ROOT, "%.0f", containers.stream().mapToDouble(Stats::cpuSeconds).sum()),
        ProcessHandle.current().info().totalCpuDuration().map(Duration::toSeconds).orElse(-1L));
  }
}
