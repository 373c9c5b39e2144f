package org.ecgplatform.etl.cli;

import java.util.Properties;
import java.util.function.IntConsumer;
import org.ecgplatform.common.ConfigException;
import org.ecgplatform.common.EcgPlatformException;
import picocli.CommandLine;

/**
 * Shared command-line plumbing: picocli setup (domain errors become one "ERROR: ..." line and exit
 * code 1, 2 for usage and config) and how a job's {@code main} ends ({@link #exit}).
 */
public final class Cli {
  private Cli() {}

  public static int execute(Object command, String... args) {
    CommandLine cl = new CommandLine(command);
    cl.setExecutionExceptionHandler((ex, line, parseResult) -> {
      Throwable root = ex;
      if (ex instanceof ConfigException) {
        line.getErr().println("ERROR: " + ex.getMessage());
        return 2;
      }
      while (!(root instanceof EcgPlatformException) && root.getCause() != null) {
        root = root.getCause();
      }
      if (root instanceof EcgPlatformException) {
        line.getErr().println("ERROR: " + root.getMessage());
        return 1;
      }
      throw ex;
    });
    return cl.execute(args);
  }

  /**
   * Ends a Spark job's {@code main} with {@code status}; every job's {@code main} ends here.
   *
   * <p>Everywhere but one place the JVM exits with the status, so scripts and schedulers see it
   * (e.g. the evaluation's 3, regression gate failed). The exception is a driver in YARN cluster
   * mode: it runs inside Spark's ApplicationMaster, which reports an application whose JVM exits
   * before {@code main} returns as FAILED, even with status 0, and then lets YARN start it again.
   * There {@code main} returns on success and throws on failure, so the application ends SUCCEEDED
   * or FAILED and {@code spark-submit} on the gateway exits 0 or 1; the status is in the message,
   * which YARN keeps as the application's diagnostics.
   */
  public static void exit(int status) {
    exit(status, System.getProperties(), System::exit);
  }

  static void exit(int status, Properties system, IntConsumer jvmExit) {
    if (!isYarnClusterDriver(system)) {
      jvmExit.accept(status);
      return;
    }
    if (status != 0) {
      throw new EcgPlatformException("Cannot complete the job: it ended with exit status " + status
          + " (the driver log above says why; YARN cluster mode reports it as FAILED)");
    }
  }

  /** True in a driver that Spark's ApplicationMaster runs (YARN cluster mode): it sets these two properties. */
  static boolean isYarnClusterDriver(Properties system) {
    return "cluster".equals(system.getProperty("spark.submit.deployMode"))
        && system.getProperty("spark.master", "").startsWith("yarn");
  }
}
