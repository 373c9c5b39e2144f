package org.ecgplatform.etl.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import java.io.File;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ecgplatform.common.ConfigException;
import org.ecgplatform.common.ConfigLoader;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The options every job's command line shares, as one picocli mixin: the environment ({@code
 * --env}, {@code --conf-dir}, {@code --config}), {@code --print-config} and {@code key=value}
 * overrides. Precedence, highest first: the job's dedicated options (such as {@code --output}),
 * {@code key=value} overrides, the environment file, conf/defaults.conf, reference.conf.
 *
 * <p>Keys are written in full ({@code training.epochs=30}, {@code spark.executor-memory=8g}); a
 * job checks the keys of its own roots and ignores those of the other jobs, so one list of
 * overrides can be given to every stage of a pipeline. Errors are {@link ConfigException}s, which
 * {@link Cli} turns into one "ERROR: ..." line and exit status 2.
 */
public final class JobOptions {
  /** The environment used when {@code --env} is not given. */
  public static final String DEFAULT_ENV = "local";

  @Option(names = "--env", paramLabel = "<name>",
      description = "Environment: <conf-dir>/<name>.conf (local, standalone, yarn, k8s). Default: local.")
  String env;

  @Option(names = "--conf-dir", paramLabel = "<dir>",
      description = "Directory of environment files (default: $ECG_CONF_DIR, else ./conf).")
  File confDir;

  @Option(names = "--config", paramLabel = "<file>",
      description = "Configuration file to use instead of <conf-dir>/<env>.conf.")
  File configFile;

  @Option(names = "--print-config", description = "Print the effective configuration of this job and exit.")
  boolean printConfig;

  @Parameters(paramLabel = "key=value", arity = "0..*",
      description = {"Configuration overrides, keys in full, e.g. spark.executor-memory=8g or",
          "spark.conf.\"spark.sql.shuffle.partitions\"=64. Every key is documented in the modules'",
          "reference.conf; other jobs' keys are ignored."})
  List<String> overrides = new ArrayList<>();

  @Spec(Spec.Target.MIXEE) CommandSpec spec;

  /** The {@code key=value} overrides as given. */
  public List<String> overrides() {
    return List.copyOf(overrides);
  }

  /** Whether {@code --print-config} was given. */
  public boolean printConfig() {
    return printConfig;
  }

  /**
   * The environment file of this invocation: {@code --config} when given, else {@code
   * <conf-dir>/<env>.conf}; null when {@code --env} was not given and {@code conf/local.conf} does
   * not exist (reference defaults only, as in the modules' tests).
   *
   * @throws ConfigException when the file given or named does not exist
   */
  public File environmentFile() {
    if (configFile != null) {
      if (!configFile.isFile()) {
        throw new ConfigException("Cannot read configuration " + configFile + ": no such file");
      }
      return configFile;
    }
    File f = new File(confDirOrDefault(confDir), (env != null ? env : DEFAULT_ENV) + ".conf");
    if (f.isFile()) {
      return f;
    }
    if (env == null) {
      return null;
    }
    throw new ConfigException("Cannot load environment '" + env + "': " + f.getAbsolutePath()
        + " does not exist (use --conf-dir or ECG_CONF_DIR to point at the conf/ folder)");
  }

  private static File confDirOrDefault(File confDir) {
    if (confDir != null) {
      return confDir;
    }
    String fromEnv = System.getenv("ECG_CONF_DIR");
    return new File(fromEnv != null && !fromEnv.isBlank() ? fromEnv : "conf");
  }

  /**
   * The merged configuration ({@link ConfigLoader#load}), with the job's {@code roots} checked and
   * the values of dedicated command-line options (such as {@code --output}) on top.
   */
  public Config load(Map<String, Object> optionValues, String... roots) {
    Config merged = ConfigLoader.load(environmentFile(), overrides, roots);
    for (Map.Entry<String, Object> e : optionValues.entrySet()) {
      merged = merged.withValue(e.getKey(), ConfigValueFactory.fromAnyRef(e.getValue()));
    }
    return merged;
  }

  /** {@link #load(Map, String...)} without dedicated options. */
  public Config load(String... roots) {
    return load(Map.of(), roots);
  }

  /**
   * With {@code --print-config}, prints the {@code roots} of {@code config} as HOCON (one block per
   * root, the form conf/ files use) on the command's standard output and returns true.
   */
  public boolean printed(Config config, String... roots) {
    if (!printConfig) {
      return false;
    }
    Config shown = ConfigFactory.empty();
    for (String root : roots) {
      if (config.hasPath(root)) {
        shown = shown.withValue(root, config.getValue(root));
      }
    }
    PrintWriter out = spec != null ? spec.commandLine().getOut() : new PrintWriter(System.out, true);
    out.println(shown.root().render(ConfigRenderOptions.defaults().setOriginComments(false).setJson(false)));
    out.flush();
    return true;
  }
}
