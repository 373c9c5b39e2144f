package org.ecgplatform.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.yarn.api.records.ContainerExitStatus;
import org.apache.hadoop.yarn.api.records.ContainerStatus;
import org.apache.hadoop.yarn.server.MiniYARNCluster;
import org.apache.hadoop.yarn.server.nodemanager.containermanager.container.Container;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the containers of a {@link MiniYARNCluster} once a second: their memory limit and end
 * (exit status, diagnostics) from the NodeManagers, and their resident memory from {@code /proc}.
 * The container processes are children of the NodeManagers, hence of this JVM; a container's
 * processes are those whose command line names its id (the launch scripts' paths, the JVM's {@code
 * -Djava.io.tmpdir}). Its peak is the larger of the highest sampled total resident memory of its
 * process tree, which is what the NodeManager compares with the limit (every 3 s by default), and
 * the JVM's own high-water mark ({@code VmHWM}, kept by the kernel between samples) plus the rest
 * of the tree.
 */
public final class ContainerWatch implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ContainerWatch.class);
  private static final Pattern CONTAINER_ID = Pattern.compile("container_(?:e\\d+_)?(\\d+_\\d+)_\\d+_\\d+");
  private static final Duration PERIOD = Duration.ofSeconds(1);
  /** Linux's USER_HZ, the unit of {@code /proc/<pid>/stat}'s CPU times, on every common platform. */
  private static final int CLOCK_TICKS_PER_SECOND = 100;

  /** What a container's JVM is, from its main class. */
  public enum Role {
    /** Spark's ApplicationMaster running the driver (cluster deploy mode). */
    DRIVER_AM("org.apache.spark.deploy.yarn.ApplicationMaster"),
    /** Spark's ApplicationMaster that only requests executors (client deploy mode). */
    EXECUTOR_LAUNCHER_AM("org.apache.spark.deploy.yarn.ExecutorLauncher"),
    EXECUTOR("org.apache.spark.executor.YarnCoarseGrainedExecutorBackend"),
    UNKNOWN("");

    private final String mainClass;

    Role(String mainClass) {
      this.mainClass = mainClass;
    }

    static Role ofCommandLine(List<String> args) {
      for (Role r : values()) {
        if (r != UNKNOWN && args.contains(r.mainClass)) {
          return r;
        }
      }
      return UNKNOWN;
    }
  }

  /**
   * One container as last seen.
   *
   * @param exitStatus the NodeManager's exit status once it ended ({@link ContainerExitStatus}
   *     values such as -104 for killed over its physical memory, or the process's exit code), else
   *     null
   * @param javaPid the container's JVM, 0 before it was seen
   * @param alive whether its JVM ran at the last sample
   * @param javaCommandLine the JVM's command line (main class and arguments included)
   * @param cpuSeconds CPU time (user + system) of the container's processes, as last sampled
   */
  public record Stats(String containerId, String applicationId, Role role, long limitMb, long peakRssMb,
      Integer exitStatus, String diagnostics, long javaPid, boolean alive, List<String> javaCommandLine,
      double cpuSeconds) {

    /** True when the NodeManager ended it for exceeding its physical memory. */
    public boolean killedForMemory() {
      return exitStatus != null && exitStatus == ContainerExitStatus.KILLED_EXCEEDED_PMEM;
    }
  }

  private final MiniYARNCluster yarn;
  private final int nodeManagers;
  private final ScheduledExecutorService sampler;
  private final Map<String, Mutable> seen = new TreeMap<>();

  private ContainerWatch(MiniYARNCluster yarn, int nodeManagers) {
    this.yarn = yarn;
    this.nodeManagers = nodeManagers;
    this.sampler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "yarn-container-watch");
      t.setDaemon(true);
      return t;
    });
  }

  static ContainerWatch start(MiniYARNCluster yarn, int nodeManagers) {
    ContainerWatch w = new ContainerWatch(yarn, nodeManagers);
    w.sampler.scheduleWithFixedDelay(w::sampleSafely, 0, PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    return w;
  }

  /** Every container seen so far, by id. */
  public synchronized List<Stats> all() {
    List<Stats> out = new ArrayList<>();
    seen.values().forEach(m -> out.add(m.stats()));
    return out;
  }

  /** The containers of one application. */
  public List<Stats> of(String applicationId) {
    return all().stream().filter(s -> s.applicationId().equals(applicationId)).toList();
  }

  /**
   * Kills one running executor JVM of an application at once (SIGKILL), as a crash or the kernel's
   * OOM killer would; its NodeManager then reports the container as exited (137).
   *
   * @return the killed container's id
   */
  public String killOneExecutor(String applicationId) {
    sampleSafely();
    Stats victim = of(applicationId).stream().filter(s -> s.role() == Role.EXECUTOR && s.alive())
        .max(Comparator.comparing(Stats::containerId))
        .orElseThrow(() -> new IllegalStateException("Cannot kill an executor of " + applicationId + ": none is running"));
    ProcessHandle p = ProcessHandle.of(victim.javaPid()).orElseThrow(() ->
        new IllegalStateException("Cannot kill " + victim.containerId() + ": its JVM " + victim.javaPid() + " is gone"));
    p.destroyForcibly();
    try {
      p.onExit().get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("Cannot kill " + victim.containerId() + " (pid " + victim.javaPid() + ")", e);
    }
    LOG.info("Killed executor container {} (pid {})", victim.containerId(), victim.javaPid());
    return victim.containerId();
  }

  /** Waits until an application has {@code n} live executor JVMs. */
  public void awaitLiveExecutors(String applicationId, int n, Duration timeout) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (of(applicationId).stream().filter(s -> s.role() == Role.EXECUTOR && s.alive()).count() >= n) {
        return;
      }
      Thread.sleep(PERIOD.toMillis());
    }
    throw new IllegalStateException("Cannot see " + n + " live executors of " + applicationId + " within "
        + timeout.toSeconds() + " s: " + of(applicationId));
  }

  /** One CSV line per container: id, application, role, limit, peak, exit status, diagnostics. */
  public void writeCsv(Path file) throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add("container,application,role,limit_mb,peak_rss_mb,peak_pct_of_limit,cpu_s,exit_status,diagnostics");
    for (Stats s : all()) {
      lines.add(String.join(",", s.containerId(), s.applicationId(), s.role().name(), String.valueOf(s.limitMb()),
          String.valueOf(s.peakRssMb()), s.limitMb() > 0 ? String.valueOf(Math.round(100.0 * s.peakRssMb() / s.limitMb())) : "",
          String.format(java.util.Locale.ROOT, "%.1f", s.cpuSeconds()),
          s.exitStatus() == null ? "" : String.valueOf(s.exitStatus()),
          "\"" + (s.diagnostics() == null ? "" : s.diagnostics().replace('"', '\'').replaceAll("\\s+", " ").trim()) + "\""));
    }
    Files.write(file, lines, StandardCharsets.UTF_8);
  }

  /** Stops sampling after a last sample. */
  @Override
  public void close() {
    sampler.shutdownNow();
    sampleSafely();
  }

  private void sampleSafely() {
    try {
      sample();
    } catch (RuntimeException e) {
      LOG.warn("Container sample failed: {}", e.toString());
    }
  }

  private synchronized void sample() {
    for (int i = 0; i < nodeManagers; i++) {
      org.apache.hadoop.yarn.server.nodemanager.NodeManager nm = yarn.getNodeManager(i);
      if (nm == null || nm.getNMContext() == null) {
        continue;
      }
      for (Container c : nm.getNMContext().getContainers().values()) {
        Mutable m = entry(c.getContainerId().toString());
        m.limitMb = c.getResource().getMemorySize();
        ContainerStatus st = c.cloneAndGetContainerStatus();
        if (st.getExitStatus() != ContainerExitStatus.INVALID) {
          m.exitStatus = st.getExitStatus();
          m.diagnostics = st.getDiagnostics();
        }
      }
    }
    Map<String, Long> treeKb = new HashMap<>();
    Map<String, Long> javaHwmKb = new HashMap<>();
    Map<String, Long> otherKb = new HashMap<>();
    for (Mutable m : seen.values()) {
      m.alive = false;
    }
    ProcessHandle.current().descendants().forEach(p -> {
      List<String> args = commandLine(p.pid());
      String id = null;
      for (String a : args) {
        Matcher mt = CONTAINER_ID.matcher(a);
        if (mt.find()) {
          id = mt.group();
          break;
        }
      }
      if (id == null) {
        return;
      }
      Map<String, Long> status = memoryStatusKb(p.pid());
      long rss = status.getOrDefault("VmRSS", 0L);
      treeKb.merge(id, rss, Long::sum);
      Mutable m = entry(id);
      long ticks = cpuTicks(p.pid());
      if (ticks >= 0) {
        m.cpuTicksByPid.put(p.pid(), ticks);
      }
      Role role = Role.ofCommandLine(args);
      if (role != Role.UNKNOWN) {
        m.role = role;
        m.javaPid = p.pid();
        m.javaCommandLine = List.copyOf(args);
        m.alive = true;
        javaHwmKb.merge(id, status.getOrDefault("VmHWM", rss), Math::max);
      } else {
        otherKb.merge(id, rss, Long::sum);
      }
    });
    treeKb.forEach((id, kb) -> {
      Mutable m = entry(id);
      long hwmPlusRest = javaHwmKb.getOrDefault(id, 0L) + otherKb.getOrDefault(id, 0L);
      m.peakKb = Math.max(m.peakKb, Math.max(kb, hwmPlusRest));
    });
  }

  private Mutable entry(String containerId) {
    return seen.computeIfAbsent(containerId, Mutable::new);
  }

  private static List<String> commandLine(long pid) {
    try {
      byte[] raw = Files.readAllBytes(Path.of("/proc", String.valueOf(pid), "cmdline"));
      List<String> out = new ArrayList<>();
      int start = 0;
      for (int i = 0; i < raw.length; i++) {
        if (raw[i] == 0) {
          out.add(new String(raw, start, i - start, StandardCharsets.UTF_8));
          start = i + 1;
        }
      }
      return out;
    } catch (IOException gone) {
      return List.of();
    }
  }

  /** utime + stime from {@code /proc/<pid>/stat} in clock ticks, -1 when the process is gone. */
  private static long cpuTicks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
      // Fields after the command name (which may hold blanks): state is field 3, utime 14, stime 15.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    } catch (IOException | RuntimeException gone) {
      return -1;
    }
  }

  /** VmRSS and VmHWM in kB from {@code /proc/<pid>/status}; empty when the process is gone. */
  private static Map<String, Long> memoryStatusKb(long pid) {
    Map<String, Long> out = new HashMap<>();
    try {
      for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
        if (line.startsWith("VmRSS:") || line.startsWith("VmHWM:")) {
          String[] f = line.split("\\s+");
          out.put(f[0].substring(0, f[0].length() - 1), Long.parseLong(f[1]));
        }
      }
    } catch (IOException | RuntimeException gone) {
      // The process ended between listing and reading: it holds no memory any more.
    }
    return out;
  }

  private static final class Mutable {
    final String containerId;
    final String applicationId;
    Role role = Role.UNKNOWN;
    long limitMb;
    long peakKb;
    Integer exitStatus;
    String diagnostics;
    long javaPid;
    boolean alive;
    List<String> javaCommandLine = List.of();
    final Map<Long, Long> cpuTicksByPid = new HashMap<>();

    Mutable(String containerId) {
      this.containerId = containerId;
      Matcher m = CONTAINER_ID.matcher(containerId);
      this.applicationId = m.matches() ? "application_" + m.group(1) : "?";
    }

    Stats stats() {
      long ticks = cpuTicksByPid.values().stream().mapToLong(Long::longValue).sum();
      return new Stats(containerId, applicationId, role, limitMb, peakKb / 1024, exitStatus, diagnostics, javaPid, alive,
          javaCommandLine, ticks / (double) CLOCK_TICKS_PER_SECOND);
    }
  }
}
