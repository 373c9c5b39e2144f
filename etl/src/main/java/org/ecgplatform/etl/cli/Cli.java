package org.ecgplatform.etl.cli;

import org.ecgplatform.common.ConfigException;
import org.ecgplatform.common.EcgPlatformException;
import picocli.CommandLine;

/** Shared picocli setup: domain errors become one "ERROR: ..." line and exit code 1 (2 for usage and config). */
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
}
