package org.ecgplatform.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A Spark standalone cluster on this machine: one master and N workers, each a separate JVM
 * started from a {@link MavenSparkHome}, everything bound to 127.0.0.1 on free ports. Executors
 * are child JVMs of their worker, as on a real cluster, so they load only Spark's jars plus what
 * the application ships ({@code spark.jars}, the job jar).
 *
 * <p>Logs go to {@code <dir>/logs/}, worker and executor work directories to {@code
 * <dir>/worker-<i>/}. Every process is stopped by {@link #close()}, by a JVM shutdown hook if the
 * test JVM exits first, and, after a crash that skipped both, at the next start in the same
 * directory (from the pid file {@code <dir>/pids}).
 */
public final class StandaloneCluster implements AutoCloseable {
  /** How long the master and workers may take to start and register. */
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final String LOOPBACK = "127.0.0.1";
  private static final String PID_FILE = "pids";

  private final Path dir;
  private final Path sparkHome;
  private final Process master;
  // the ports the master bound: Spark moves to the next port when the one asked for was taken
  // meanwhile (freePort's race with other tests' daemons), so they are read from its log
  private int masterPort;
  private int masterWebUiPort;
  private final List<Process> workers = new ArrayList<>();
  private final int workerMemoryMb;
  /** Every process this cluster started, with its descendants seen so far (executors). */
  private final Map<Long, ProcessHandle> started = new LinkedHashMap<>();
  private final Thread shutdownHook;

  private StandaloneCluster(Path dir, int workerCount, int workerMemoryMb) throws IOException {
    this.dir = dir;
    this.workerMemoryMb = workerMemoryMb;
    killLeftoversOfEarlierRun(dir);
    Files.createDirectories(dir.resolve("logs"));
    this.sparkHome = MavenSparkHome.create(dir.resolve("spark-home"));
    this.shutdownHook = new Thread(this::stopAll, "standalone-cluster-stop");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    this.masterPort = freePort();
    this.masterWebUiPort = freePort();
    this.master = launch("master", List.of("org.apache.spark.deploy.master.Master",
        "--host", LOOPBACK, "--port", String.valueOf(masterPort), "--webui-port", String.valueOf(masterWebUiPort)));
    this.masterPort = awaitMasterPort("sparkMaster");
    this.masterWebUiPort = awaitMasterPort("MasterUI");
    for (int i = 0; i < workerCount; i++) {
      workers.add(launchWorker(i));
    }
  }

  private Process launchWorker(int i) throws IOException {
    Path work = Files.createDirectories(dir.resolve("worker-" + i));
    return launch("worker-" + i, List.of("org.apache.spark.deploy.worker.Worker", masterUrl(),
        "--host", LOOPBACK, "--port", String.valueOf(freePort()), "--webui-port", String.valueOf(freePort()),
        "--cores", "1", "--memory", workerMemoryMb + "m", "--work-dir", work.toString()));
  }

  /**
   * Starts worker {@code i} again after {@link #killWorker} (a replacement machine joining), and
   * returns once the master reports every worker alive.
   */
  public void restartWorker(int i) {
    if (workers.get(i).isAlive()) {
      throw new IllegalStateException("Cannot restart worker " + i + ": it is running");
    }
    try {
      workers.set(i, launchWorker(i));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot restart worker " + i, e);
    }
    awaitAliveWorkers(workers.size());
  }

  /**
   * Starts a master and {@code workerCount} workers (one core, {@code workerMemoryMb} each) and
   * returns once every worker is registered with the master.
   *
   * @param dir working directory (logs, Spark home, worker directories); emptied of earlier runs
   */
  public static StandaloneCluster start(Path dir, int workerCount, int workerMemoryMb) {
    StandaloneCluster c = null;
    try {
      c = new StandaloneCluster(dir, workerCount, workerMemoryMb);
      c.awaitAliveWorkers(workerCount);
      return c;
    } catch (IOException | RuntimeException e) {
      if (c != null) {
        c.close();
      }
      throw e instanceof IOException io ? new UncheckedIOException("Cannot start the standalone cluster in " + dir, io)
          : (RuntimeException) e;
    }
  }

  /** {@code spark://127.0.0.1:<port>}. */
  public String masterUrl() {
    return "spark://" + LOOPBACK + ":" + masterPort;
  }

  /** The master's web UI, whose {@code /json/} page gives the cluster state. */
  public URI masterWebUi() {
    return URI.create("http://" + LOOPBACK + ":" + masterWebUiPort);
  }

  /** The generated Spark home ({@code jars/}, {@code bin/spark-submit}). */
  public Path sparkHome() {
    return sparkHome;
  }

  /** Where logs and work directories live. */
  public Path dir() {
    return dir;
  }

  public int workerCount() {
    return workers.size();
  }

  /** The worker's JVM. */
  public ProcessHandle worker(int i) {
    return workers.get(i).toHandle();
  }

  /** Process ids of the live JVMs below worker {@code i}: its executors. */
  public Set<Long> executorPidsOf(int i) {
    return workers.get(i).descendants().filter(ProcessHandle::isAlive).map(ProcessHandle::pid)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /**
   * The environment a client process needs to use this cluster through {@code spark-submit}:
   * {@code SPARK_HOME}, {@code SPARK_SCALA_VERSION}, {@code JAVA_HOME}, {@code SPARK_LOCAL_IP},
   * {@code SPARK_MASTER_URL}.
   */
  public Map<String, String> clientEnvironment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("SPARK_HOME", sparkHome.toString());
    env.put("SPARK_SCALA_VERSION", "2.12");
    env.put("JAVA_HOME", MavenSparkHome.javaHome());
    env.put("SPARK_LOCAL_IP", LOOPBACK);
    env.put("SPARK_MASTER_URL", masterUrl());
    return env;
  }

  /** Workers in state ALIVE according to the master. */
  public int aliveWorkers() {
    return masterState().path("aliveworkers").asInt(-1);
  }

  /** The master's JSON state ({@code /json/}): workers, apps, cores. */
  public JsonNode masterState() {
    try {
      HttpResponse<String> r = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(masterWebUi().resolve("/json/")).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString());
      return new ObjectMapper().readTree(r.body());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the master state at " + masterWebUi() + "/json/", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while reading the master state", e);
    }
  }

  /**
   * Kills worker {@code i} and its executors at once (SIGKILL), as a machine failure would. The
   * master and the driver notice the lost connections and reschedule the lost tasks.
   */
  public void killWorker(int i) {
    Process w = workers.get(i);
    List<ProcessHandle> tree = Stream.concat(Stream.of(w.toHandle()), w.descendants()).toList();
    tree.forEach(ProcessHandle::destroyForcibly);
    awaitExit(tree, Duration.ofSeconds(20));
  }

  /** Processes started by this cluster (or seen below them) that are still running. */
  public List<ProcessHandle> liveProcesses() {
    recordDescendants();
    synchronized (started) {
      return started.values().stream().filter(ProcessHandle::isAlive).toList();
    }
  }

  /** Stops every process: SIGTERM to the whole tree, SIGKILL to what is left after 10 s. */
  @Override
  public void close() {
    stopAll();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // The hook is running or has run: nothing left to remove.
    }
  }

  private void stopAll() {
    recordDescendants();
    List<ProcessHandle> all;
    synchronized (started) {
      all = List.copyOf(started.values());
    }
    all.forEach(ProcessHandle::destroy);
    List<ProcessHandle> stubborn = awaitExit(all, Duration.ofSeconds(10));
    stubborn.forEach(ProcessHandle::destroyForcibly);
    awaitExit(stubborn, Duration.ofSeconds(10));
  }

  private void recordDescendants() {
    synchronized (started) {
      for (ProcessHandle p : List.copyOf(started.values())) {
        p.descendants().forEach(d -> started.putIfAbsent(d.pid(), d));
      }
    }
  }

  private static List<ProcessHandle> awaitExit(List<ProcessHandle> processes, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    List<ProcessHandle> alive = new ArrayList<>();
    for (ProcessHandle p : processes) {
      try {
        long leftMs = Math.max(1, Duration.between(Instant.now(), deadline).toMillis());
        p.onExit().get(leftMs, TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        alive.add(p);
      } catch (java.util.concurrent.ExecutionException e) {
        alive.add(p);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        alive.add(p);
      }
    }
    return alive;
  }

  private Process launch(String name, List<String> mainAndArgs) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(MavenSparkHome.javaHome(), "bin", "java").toString());
    cmd.add("-Xmx256m");
    cmd.addAll(MavenSparkHome.JAVA_OPENS);
    cmd.add("-cp");
    cmd.add(sparkHome.resolve("jars") + "/*");
    cmd.addAll(mainAndArgs);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(dir.resolve("logs").resolve(name + ".log").toFile());
    Map<String, String> env = pb.environment();
    env.putAll(clientEnvironment());
    env.remove("SPARK_MASTER_URL");
    // The worker starts executors with $SPARK_HOME/jars; keep the test JVM's own settings out.
    env.remove("CLASSPATH");
    env.remove("JAVA_TOOL_OPTIONS");
    env.remove("SPARK_CONF_DIR");
    Process p = pb.start();
    synchronized (started) {
      started.put(p.pid(), p.toHandle());
    }
    Files.writeString(dir.resolve(PID_FILE), p.pid() + " " + p.toHandle().info().startInstant().map(Instant::toString)
        .orElse("?") + "\n", java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    return p;
  }

  /** The port the master's service bound, from its log ("Successfully started service '...' on port N"). */
  private int awaitMasterPort(String service) throws IOException {
    Path log = dir.resolve("logs").resolve("master.log");
    Pattern bound = Pattern.compile("Successfully started service '" + Pattern.quote(service) + "' on port (\\d+)");
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      Matcher m = bound.matcher(Files.exists(log) ? Files.readString(log) : "");
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
      if (!master.isAlive()) {
        throw new IllegalStateException("Cannot start the standalone cluster: the master exited with code "
            + master.exitValue() + " before starting its " + service + " service (see " + log + ")");
      }
      sleep(Duration.ofMillis(200));
    }
    throw new IllegalStateException("Cannot start the standalone cluster: the master did not start its " + service
        + " service within " + START_TIMEOUT.toSeconds() + " s (see " + log + ")");
  }

  private void awaitAliveWorkers(int expected) {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    String last = "no answer yet";
    while (Instant.now().isBefore(deadline)) {
      List<Process> all = new ArrayList<>(workers);
      all.add(master);
      for (int i = 0; i < all.size(); i++) {
        if (!all.get(i).isAlive()) {
          String name = i < workers.size() ? "worker-" + i : "master";
          throw new IllegalStateException("Cannot start the standalone cluster: " + name + " exited with code "
              + all.get(i).exitValue() + " (see " + dir.resolve("logs").resolve(name + ".log") + ")");
        }
      }
      try {
        int alive = aliveWorkers();
        if (alive == expected) {
          return;
        }
        last = alive + " of " + expected + " workers alive";
      } catch (UncheckedIOException notUpYet) {
        last = notUpYet.getMessage();
      }
      sleep(Duration.ofMillis(500));
    }
    throw new IllegalStateException("Cannot start the standalone cluster: workers did not register within "
        + START_TIMEOUT.toSeconds() + " s (" + last + "; logs in " + dir.resolve("logs") + ")");
  }

  /** Kills the processes an earlier run in {@code dir} left behind (its JVM was killed before its hooks ran). */
  private static void killLeftoversOfEarlierRun(Path dir) throws IOException {
    Path pids = dir.resolve(PID_FILE);
    if (!Files.exists(pids)) {
      return;
    }
    for (String line : Files.readAllLines(pids)) {
      String[] f = line.trim().split(" ");
      if (f.length != 2) {
        continue;
      }
      ProcessHandle.of(Long.parseLong(f[0]))
          // Same pid and same start time: it is ours, not a recycled pid.
          .filter(p -> p.info().startInstant().map(Instant::toString).orElse("").equals(f[1]))
          .ifPresent(p -> {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
          });
    }
    Files.delete(pids);
  }

  /** A TCP port of the loopback interface that is free now (for a daemon or agent to bind next). */
  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
      return s.getLocalPort();
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for the standalone cluster", e);
    }
  }
}
