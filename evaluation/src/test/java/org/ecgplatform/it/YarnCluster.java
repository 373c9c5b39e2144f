package org.ecgplatform.it;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.exceptions.YarnException;
import org.apache.hadoop.yarn.server.MiniYARNCluster;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.FileAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * A YARN cluster on this machine: Hadoop's {@link MiniYARNCluster} (a ResourceManager and N
 * NodeManagers in the test JVM, on {@code localhost}, i.e. 127.0.0.1) over an {@link HdfsCluster}.
 * Containers are real processes that the NodeManagers launch (bash, then the JVM Spark asked for),
 * and the NodeManagers enforce each container's physical memory as production NodeManagers do: the
 * pmem check is on, the vmem check off (a JVM's virtual size says nothing), and the scheduler hands
 * out memory in steps of {@value #ALLOCATION_STEP_MB} MB, so a container's limit is what the
 * application asked for rather than a size rounded up to 1 GB.
 *
 * <p>The client side looks like a gateway host: {@link #clientEnvironment()} gives {@code
 * HADOOP_CONF_DIR} (core-site.xml, hdfs-site.xml, yarn-site.xml pointing at these clusters) and
 * {@code SPARK_HOME} (a {@link MavenSparkHome}, which holds spark-yarn). {@link #containers()}
 * watches every container's memory and end ({@link ContainerWatch}). Log lines of the
 * ResourceManager and NodeManagers go to {@code <dir>/logs/yarn.log}; container logs stay in the
 * NodeManagers' log directories ({@link #containerLog}).
 */
public final class YarnCluster implements AutoCloseable {
  /** yarn.scheduler.minimum-allocation-mb: containers are sized in these steps. */
  static final int ALLOCATION_STEP_MB = 128;
  private static final String LOOPBACK = "127.0.0.1";
  private static final String YARN_LOGGER = "org.apache.hadoop.yarn";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  /** How long {@link #report} waits for the ResourceManager to see an application end. */
  private static final Duration END_TIMEOUT = Duration.ofSeconds(60);
  private static final Set<YarnApplicationState> ENDED =
      EnumSet.of(YarnApplicationState.FINISHED, YarnApplicationState.FAILED, YarnApplicationState.KILLED);
  /**
   * The web services of the ResourceManager and NodeManagers log through java.util.logging, at
   * INFO, to the console; held here because java.util.logging keeps its loggers weakly.
   */
  private static final List<java.util.logging.Logger> QUIET = List.of(
      java.util.logging.Logger.getLogger("org.apache.hadoop.shaded.com.sun.jersey"),
      java.util.logging.Logger.getLogger("org.apache.hadoop.shaded.com.google.inject"));

  private final Path dir;
  private final MiniYARNCluster yarn;
  private final Path hadoopConf;
  private final Path sparkHome;
  private final ContainerWatch watch;
  private final YarnClient client;
  private final FileAppender logFile;

  private YarnCluster(Path dir, MiniYARNCluster yarn, int nodeManagers, Path hadoopConf, Path sparkHome, FileAppender logFile) {
    this.dir = dir;
    this.yarn = yarn;
    this.hadoopConf = hadoopConf;
    this.sparkHome = sparkHome;
    this.logFile = logFile;
    this.client = YarnClient.createYarnClient();
    client.init(yarn.getConfig());
    client.start();
    this.watch = ContainerWatch.start(yarn, nodeManagers);
  }

  /**
   * Starts a ResourceManager and {@code nodeManagers} NodeManagers offering {@code nodeMemoryMb}
   * each, and returns once every NodeManager is registered.
   *
   * @param dir working directory: gateway configuration, Spark home, logs
   */
  public static YarnCluster start(Path dir, HdfsCluster hdfs, int nodeManagers, int nodeMemoryMb) {
    FileAppender logFile = null;
    MiniYARNCluster yarn = null;
    try {
      Files.createDirectories(dir.resolve("logs"));
      logFile = captureYarnLogs(dir.resolve("logs").resolve("yarn.log"));
      QUIET.forEach(l -> l.setLevel(java.util.logging.Level.SEVERE));
      YarnConfiguration conf = new YarnConfiguration();
      conf.set("fs.defaultFS", hdfs.uri().toString());
      // Memory is what this test is about: physical memory enforced, virtual memory not.
      conf.setBoolean(YarnConfiguration.NM_PMEM_CHECK_ENABLED, true);
      conf.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);
      // Without this MiniYARNCluster switches the NodeManagers' container monitor off, and with it
      // every memory check.
      conf.setBoolean("yarn.minicluster.control-resource-monitoring", true);
      conf.setInt(YarnConfiguration.NM_PMEM_MB, nodeMemoryMb);
      conf.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, ALLOCATION_STEP_MB);
      conf.setInt(YarnConfiguration.RM_SCHEDULER_MAXIMUM_ALLOCATION_MB, nodeMemoryMb);
      // One queue, first come first served: the capacity scheduler's queue file is not in the minicluster jar.
      conf.set(YarnConfiguration.RM_SCHEDULER,
          "org.apache.hadoop.yarn.server.resourcemanager.scheduler.fifo.FifoScheduler");
      // A full disk on a shared build machine must not mark the nodes unhealthy.
      conf.set("yarn.nodemanager.disk-health-checker.max-disk-utilization-per-disk-percentage", "100.0");
      // Production NodeManagers have JAVA_HOME in their environment (yarn-env.sh); this JVM may not.
      conf.set(YarnConfiguration.NM_ADMIN_USER_ENV, "MALLOC_ARENA_MAX=$MALLOC_ARENA_MAX,JAVA_HOME=" + MavenSparkHome.javaHome());
      synchronized (ItLanes.HADOOP_START_STOP) {
        yarn = newMiniYarnCluster(dir.resolve("mini-yarn"), nodeManagers);
        yarn.init(conf);
        yarn.start();
        awaitStarted(yarn);
      }
      requireMemoryEnforcement(yarn, nodeManagers, dir.resolve("logs").resolve("yarn.log"));
      Path hadoopConf = writeGatewayConf(dir.resolve("hadoop-conf"), yarn.getConfig(), hdfs);
      Path sparkHome = MavenSparkHome.create(dir.resolve("spark-home"));
      return new YarnCluster(dir, yarn, nodeManagers, hadoopConf, sparkHome, logFile);
    } catch (IOException | RuntimeException e) {
      if (yarn != null) {
        synchronized (ItLanes.HADOOP_START_STOP) {
          yarn.stop();
        }
      }
      releaseYarnLogs(logFile);
      throw e instanceof IOException io ? new UncheckedIOException("Cannot start MiniYARNCluster in " + dir, io)
          : (RuntimeException) e;
    }
  }

  /**
   * The environment of a gateway host: {@code HADOOP_CONF_DIR}, {@code SPARK_HOME}, {@code
   * SPARK_SCALA_VERSION}, {@code JAVA_HOME}, {@code SPARK_LOCAL_IP}.
   */
  public Map<String, String> clientEnvironment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("HADOOP_CONF_DIR", hadoopConf.toString());
    env.put("SPARK_HOME", sparkHome.toString());
    env.put("SPARK_SCALA_VERSION", "2.12");
    env.put("JAVA_HOME", MavenSparkHome.javaHome());
    env.put("SPARK_LOCAL_IP", LOOPBACK);
    return env;
  }

  public Path sparkHome() {
    return sparkHome;
  }

  public Path dir() {
    return dir;
  }

  /** Where the ResourceManager's and NodeManagers' log lines go. */
  public Path yarnLog() {
    return dir.resolve("logs").resolve("yarn.log");
  }

  /** Every container seen so far, with its memory limit, peak memory and end. */
  public ContainerWatch containers() {
    return watch;
  }

  /**
   * The ResourceManager's report of an application that has ended (state, final status,
   * diagnostics). spark-submit in client mode returns when the driver ends, a moment before the
   * application master's unregistration reaches the ResourceManager, whose report until then says
   * RUNNING with final status UNDEFINED; so this waits up to {@link #END_TIMEOUT} for a finished,
   * failed or killed state, and returns the last report read if none comes.
   */
  public ApplicationReport report(String applicationId) {
    Instant deadline = Instant.now().plus(END_TIMEOUT);
    try {
      while (true) {
        ApplicationReport r = client.getApplicationReport(ApplicationId.fromString(applicationId));
        if (ENDED.contains(r.getYarnApplicationState()) || Instant.now().isAfter(deadline)) {
          return r;
        }
        Thread.sleep(200);
      }
    } catch (YarnException | IOException e) {
      throw new IllegalStateException("Cannot read the report of " + applicationId + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for " + applicationId + " to end", e);
    }
  }

  /** How many attempts the ResourceManager made to run an application. */
  public int attempts(String applicationId) {
    try {
      return client.getApplicationAttempts(ApplicationId.fromString(applicationId)).size();
    } catch (YarnException | IOException e) {
      throw new IllegalStateException("Cannot list the attempts of " + applicationId + ": " + e.getMessage(), e);
    }
  }

  /** A container's log file ({@code stdout}, {@code stderr}) in whichever NodeManager ran it. */
  public Optional<Path> containerLog(String containerId, String file) {
    try (Stream<Path> files = Files.walk(yarn.getTestWorkDir().toPath())) {
      return files.filter(p -> p.getFileName().toString().equals(file) && p.getParent() != null
          && p.getParent().getFileName().toString().equals(containerId)).findFirst();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot search the NodeManagers' log directories for " + containerId, e);
    }
  }

  /** Stops the watch, the client and the cluster (the NodeManagers kill what still runs). */
  @Override
  public void close() {
    try {
      watch.close();
      client.stop();
    } finally {
      try {
        synchronized (ItLanes.HADOOP_START_STOP) {
          yarn.stop();
        }
      } finally {
        releaseYarnLogs(logFile);
      }
    }
  }

  /**
   * A MiniYARNCluster whose work (NodeManager local and log directories, container logs) lives
   * under {@code work}, emptied first: it takes the place from the system property {@code
   * test.build.data} when it is constructed.
   */
  private static MiniYARNCluster newMiniYarnCluster(Path work, int nodeManagers) throws IOException {
    if (Files.exists(work)) {
      try (Stream<Path> tree = Files.walk(work)) {
        for (Path p : tree.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    String key = "test.build.data";
    String before = System.getProperty(key);
    System.setProperty(key, work.toString());
    try {
      return new MiniYARNCluster("yarn", nodeManagers, 1, 1);
    } finally {
      if (before == null) {
        System.clearProperty(key);
      } else {
        System.setProperty(key, before);
      }
    }
  }

  /**
   * MiniYARNCluster may return from start() before the ResourceManager has put its real port into
   * the configuration, and before the NodeManagers registered.
   */
  private static void awaitStarted(MiniYARNCluster yarn) {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    try {
      while (yarn.getConfig().get(YarnConfiguration.RM_ADDRESS, "").endsWith(":0")) {
        if (Instant.now().isAfter(deadline)) {
          throw new IllegalStateException("Cannot start MiniYARNCluster: the ResourceManager has no port after "
              + START_TIMEOUT.toSeconds() + " s");
        }
        Thread.sleep(100);
      }
      if (!yarn.waitForNodeManagersToConnect(START_TIMEOUT.toMillis())) {
        throw new IllegalStateException("Cannot start MiniYARNCluster: NodeManagers did not register within "
            + START_TIMEOUT.toSeconds() + " s");
      }
    } catch (YarnException e) {
      throw new IllegalStateException("Cannot start MiniYARNCluster: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while starting MiniYARNCluster", e);
    }
  }

  /**
   * Fails unless every NodeManager monitors its containers with the physical-memory check on (the
   * monitor's switch is only in its log).
   */
  private static void requireMemoryEnforcement(MiniYARNCluster yarn, int nodeManagers, Path log) throws IOException {
    long monitors = Files.readAllLines(log).stream().filter(l -> l.contains("ContainersMonitor enabled: true")).count();
    for (int i = 0; i < nodeManagers; i++) {
      if (!yarn.getNodeManager(i).getNMContext().getContainerManager().getContainersMonitor().isPmemCheckEnabled()) {
        throw new IllegalStateException("Cannot test memory limits: NodeManager " + i + " has its pmem check off");
      }
    }
    if (monitors != nodeManagers) {
      throw new IllegalStateException("Cannot test memory limits: " + monitors + " of " + nodeManagers
          + " NodeManagers say 'ContainersMonitor enabled: true' (see " + log + ")");
    }
  }

  /** core-site.xml, hdfs-site.xml and yarn-site.xml as a gateway host has them. */
  private static Path writeGatewayConf(Path confDir, Configuration yarnConf, HdfsCluster hdfs) throws IOException {
    Files.createDirectories(confDir);
    Configuration core = new Configuration(false);
    core.set("fs.defaultFS", hdfs.uri().toString());
    write(core, confDir.resolve("core-site.xml"));
    Configuration hdfsSite = new Configuration(false);
    // As many copies as the test HDFS has DataNodes for.
    hdfsSite.set("dfs.replication", "1");
    write(hdfsSite, confDir.resolve("hdfs-site.xml"));
    Configuration yarnSite = new Configuration(false);
    for (Map.Entry<String, String> e : yarnConf) {
      if (e.getKey().startsWith("yarn.")) {
        yarnSite.set(e.getKey(), yarnConf.get(e.getKey()));
      }
    }
    write(yarnSite, confDir.resolve("yarn-site.xml"));
    return confDir;
  }

  private static void write(Configuration c, Path file) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      c.writeXml(out);
    }
  }

  /** Sends the ResourceManager's and NodeManagers' log lines (INFO and up) to {@code file} only. */
  private static FileAppender captureYarnLogs(Path file) {
    LoggerContext ctx = LoggerContext.getContext(false);
    FileAppender appender = FileAppender.newBuilder()
        .setName("yarn-it-log")
        .withFileName(file.toString())
        .withAppend(false)
        .setLayout(PatternLayout.newBuilder().withPattern("%d{HH:mm:ss.SSS} %-5p %c{1}: %m%n").build())
        .build();
    appender.start();
    org.apache.logging.log4j.core.config.Configuration config = ctx.getConfiguration();
    config.addAppender(appender);
    LoggerConfig yarnLogger = new LoggerConfig(YARN_LOGGER, Level.INFO, false);
    yarnLogger.addAppender(appender, null, null);
    config.addLogger(YARN_LOGGER, yarnLogger);
    ctx.updateLoggers();
    return appender;
  }

  private static void releaseYarnLogs(FileAppender appender) {
    if (appender == null) {
      return;
    }
    LoggerContext ctx = LoggerContext.getContext(false);
    ctx.getConfiguration().removeLogger(YARN_LOGGER);
    ctx.updateLoggers();
    appender.stop();
  }

  /** The application ids a log mentions, in order of first mention (e.g. spark-submit's "Submitted application ..."). */
  public static List<String> applicationIdsIn(Path log) {
    try {
      return java.util.regex.Pattern.compile("application_\\d+_\\d+").matcher(Files.readString(log)).results()
          .map(java.util.regex.MatchResult::group).distinct().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + log, e);
    }
  }
}
