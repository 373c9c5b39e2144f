package org.ecgplatform.etl.cli;

import java.io.PrintWriter;
import java.util.Properties;
import java.util.function.IntConsumer;
import org.ecgplatform.common.ConfigException;
import org.ecgplatform.common.EcgPlatformException;
import picocli.CommandLine;

/**
 * The one way every job's command line runs (with the {@link JobOptions} mixin): picocli parses,
 * the command's {@code call()} returns its exit status, and a domain error becomes one "ERROR: ..."
 * line on standard error instead of a stack trace.
 *
 * <p>Exit status: {@value #EXIT_OK} success; {@value #EXIT_ERROR} the run failed; {@value
 * #EXIT_USAGE} bad arguments or configuration (picocli's usage errors too); a job may add its own
 * (the evaluation's 3: regression gate failed).
 */
public final class Cli {
  public static final int EXIT_OK = 0;
  public static final int EXIT_ERROR = 1;
  public static final int EXIT_USAGE = 2;

  private Cli() {}

  /** Runs {@code command} with System.out and System.err. */
  public static int execute(Object command, String... args) {
    return execute(command, null, null, args);
  }

  /** Runs {@code command} with the given output and error writers (null: System.out, System.err). */
  public static int execute(Object command, PrintWriter out, PrintWriter err, String... args) {
    CommandLine cl = new CommandLine(command);
    if (out != null) {
      cl.setOut(out);
    }
    if (err != null) {
      cl.setErr(err);
    }
    cl.setExecutionExceptionHandler((ex, line, parseResult) -> {
      Throwable root = ex;
      while (!(root instanceof EcgPlatformException) && root.getCause() != null) {
        root = root.getCause();
      }
      if (root instanceof EcgPlatformException) {
        line.getErr().println("ERROR: " + root.getMessage());
        line.getErr().flush();
        return root instanceof ConfigException ? EXIT_USAGE : EXIT_ERROR;
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
