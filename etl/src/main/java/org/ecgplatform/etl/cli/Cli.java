package org.ecgplatform.etl.cli;

import java.io.PrintWriter;
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
}
