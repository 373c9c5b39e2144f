package org.ecgplatform.it;

/**
 * How the integration tests share this machine's two cores: failsafe runs them in two lanes
 * (JUnit parallel execution, configured in the parent pom). {@link YarnClusterIT} runs in one;
 * {@link ClusterSmokeIT} and {@link NotebooksIT} hold the {@link #SECOND} lock and run one after
 * the other in the other. Each starts its own clusters and processes on its own ports and folders,
 * and nothing they assert depends on speed (their timeouts are generous safety nets), so they run
 * side by side; much of a cluster test's time is spent waiting on JVM starts and heartbeats, which
 * leaves the other lane the CPU it needs. The methods of one class still run in order, in one
 * thread.
 */
final class ItLanes {
  /** The lock of the second lane. */
  static final String SECOND = "org.ecgplatform.it.second-lane";

  /**
   * Held while a Hadoop minicluster (HDFS or YARN) in this JVM starts or stops. Hadoop's daemons
   * share JVM-wide state (metrics, the {@code test.build.data} property {@link YarnCluster} sets)
   * that their start and stop do not guard: the two lanes starting HDFS at the same moment once
   * failed inside a {@code TreeMap} that both changed at once ({@code NullPointerException:
   * Cannot read field "left"}). Starts take seconds; running clusters need no lock.
   */
  static final Object HADOOP_START_STOP = new Object();

  private ItLanes() {}
}
