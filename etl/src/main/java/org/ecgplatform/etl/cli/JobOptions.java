package org.ecgplatform.etl.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ecgplatform.common.ConfigException;
import org.ecgplatform.common.ConfigLoader;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Options every job's command line shares (a picocli mixin): the environment, an explicit config
 * file, and {@code key=value} overrides. Precedence: overrides &gt; environment file &gt;
 * conf/defaults.conf &gt; reference.conf.
 */
public final class JobOptions {
  @Option(names = "--env", paramLabel = "<name>",
      description = "Environment: conf/<name>.conf (local, standalone, yarn, k8s). Default: local.")
  String env = "local";

  @Option(names = "--config", paramLabel = "<file>",
      description = "Configuration file to use instead of conf/<env>.conf.")
  File configFile;

  @Option(names = "--conf-dir", paramLabel = "<dir>",
      description = "Directory of environment files (default: $ECG_CONF_DIR, else ./conf).")
  File confDir;

  @Option(names = "--print-config", description = "Print the effective configuration and exit.")
  boolean printConfig;

  @Parameters(paramLabel = "key=value", arity = "0..*",
      description = "Configuration overrides, e.g. etl.targetFsHz=250 (see reference.conf for every key).")
  List<String> overrides = new ArrayList<>();

  /** The environment file this invocation uses; an error when it does not exist. */
  public File environmentFile() {
    File f = environmentFile(configFile, confDir, env);
    if (f == null) {
      throw new ConfigException("Cannot load environment '" + env + "': " + new File(confDirOrDefault(confDir), env + ".conf")
          .getAbsolutePath() + " does not exist (use --conf-dir or ECG_CONF_DIR to point at the conf/ folder)");
    }
    return f;
  }

  /**
   * The environment file of a job's options: {@code configFile} when given (it must exist), else
   * {@code <confDir>/<env>.conf} when it exists, else null. {@code confDir} defaults to
   * {@code $ECG_CONF_DIR}, else {@code ./conf}.
   */
  public static File environmentFile(File configFile, File confDir, String env) {
    if (configFile != null) {
      if (!configFile.isFile()) {
        throw new ConfigException("Cannot read configuration " + configFile + ": no such file");
      }
      return configFile;
    }
    File f = new File(confDirOrDefault(confDir), env + ".conf");
    return f.isFile() ? f : null;
  }

  private static File confDirOrDefault(File confDir) {
    if (confDir != null) {
      return confDir;
    }
    String fromEnv = System.getenv("ECG_CONF_DIR");
    return new File(fromEnv != null && !fromEnv.isBlank() ? fromEnv : "conf");
  }

  /**
   * Loads the merged configuration with extra values from dedicated command-line options (such as
   * --input) placed at the highest precedence.
   */
  public Config load(Map<String, Object> optionValues, String... roots) {
    List<String> all = new ArrayList<>(overrides);
    Config merged = ConfigLoader.load(environmentFile(), all, roots);
    for (Map.Entry<String, Object> e : optionValues.entrySet()) {
      merged = merged.withValue(e.getKey(), ConfigValueFactory.fromAnyRef(e.getValue()));
    }
    return merged;
  }
}
