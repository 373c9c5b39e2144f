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

  private ItLanes() {}
}
