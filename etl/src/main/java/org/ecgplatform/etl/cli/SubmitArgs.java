package org.ecgplatform.etl.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigValue;
import java.io.File;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ecgplatform.common.ConfigException;
import org.ecgplatform.common.ConfigLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Prints the {@code spark-submit} options of a job's effective Spark configuration, one per line,
 * for the submit scripts: master, deploy mode, driver/executor memory and cores, executor count,
 * memory overhead for ND4J's off-heap memory, the JVM options ({@code spark.jvm-options} after
 * ND4J's memory bounds) and {@code OMP_NUM_THREADS} for driver and executors, and every
 * {@code spark.conf} entry. The configuration is the job's own: the environment file,
 * conf/defaults.conf beside it and the {@code spark.*} overrides of the job's command line
 * ({@link JobOptions}), so {@code train.sh --env yarn ... spark.executor-memory=8g} reaches
 * spark-submit. Keeping this in Java means the scripts never parse HOCON and the cluster
 * layout lives in {@code conf/} only.
 *
 * <p>The master must come from the environment file (or {@code conf/defaults.conf} beside it) or
 * the command line: the embedded-run default of {@code reference.conf} ({@code local[*]}) would
 * silently run a cluster job on the submitting host. Cluster files read it from an environment
 * variable with {@code master = ${?VAR}}; when that variable is unset the error names it.
 *
 * <p>Usage: {@code SubmitArgs --conf-dir <dir> --env <name> [spark.key=value ...]}; exit status 2
 * with one "ERROR: ..." line on stderr when no complete set of options can be built.
 */
@Command(name = "submit-args", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Prints the spark-submit options of an environment (conf/<env>.conf, conf/defaults.conf) "
        + "and spark.* overrides, one per line; used by submit-scripts/lib/common.sh."})
public final class SubmitArgs implements Callable<Integer> {
  private static final Pattern SUBSTITUTION = Pattern.compile("\\$\\{\\??\\s*([A-Za-z_][A-Za-z0-9_.]*)\\s*\\}");

  private static final String K8S_IMAGE = "spark.kubernetes.container.image";
  private static final String K8S_IMAGE_PATH = "spark.conf.\"" + K8S_IMAGE + "\"";

  @Mixin JobOptions job = new JobOptions();

  @Spec CommandSpec spec;

  public static void main(String[] args) {
    System.exit(Cli.execute(new SubmitArgs(), args));
  }

  @Override
  public Integer call() {
    File envFile = job.environmentFile();
    if (envFile == null) {
      throw new ConfigException("Cannot build spark-submit options: no environment file (give --env <name> and"
          + " --conf-dir <dir>, or --config <file>)");
    }
    if (job.printed(ConfigLoader.load(envFile, job.overrides(), "spark"), "spark")) {
      return Cli.EXIT_OK;
    }
    PrintWriter out = spec.commandLine().getOut();
    for (String a : forEnvironment(envFile, job.overrides())) {
      out.println(a);
    }
    out.flush();
    return Cli.EXIT_OK;
  }

  /** {@link #forEnvironment(File, List)} without command-line overrides. */
  public static List<String> forEnvironment(File envFile) {
    return forEnvironment(envFile, List.of());
  }

  /**
   * The spark-submit options of an environment file with {@code key=value} overrides on top, after
   * checking that the file (or {@code conf/defaults.conf} beside it) or an override sets the master.
   * Overrides of other roots than {@code spark} are ignored (they are the job's).
   *
   * @throws ConfigException when the master is missing, naming the environment variable to set,
   *     or when a {@code spark.*} key is unknown
   */
  public static List<String> forEnvironment(File envFile, List<String> overrides) {
    Config merged = ConfigLoader.load(envFile, overrides, "spark");
    if (!ConfigLoader.parseOverrides(overrides).hasPath("spark.master")) {
      requireMasterFromFile(envFile);
    }
    requireKubernetesImage(merged, envFile);
    return of(merged);
  }

  private static void requireMasterFromFile(File envFile) {
    Config own = parse(envFile);
    File defaults = new File(envFile.getAbsoluteFile().getParentFile(), "defaults.conf");
    if (defaults.isFile() && !defaults.equals(envFile.getAbsoluteFile())) {
      own = own.withFallback(parse(defaults));
    }
    Config resolved = own.resolve(ConfigResolveOptions.defaults().setAllowUnresolved(true));
    if (resolved.hasPath("spark.master")) {
      return;
    }
    String variable = variable(parse(envFile), "spark", "master");
    String hint = variable != null
        ? "the file reads it from the environment variable " + variable + ", which is not set: export " + variable
            + "=<master URL>, e.g. spark://host:7077 or k8s://https://host:6443"
        : "set spark.master in " + envFile.getName() + ", or give a cluster file such as conf/yarn.conf";
    throw new ConfigException("Cannot build spark-submit options from " + envFile + ": no Spark master (" + hint + ")");
  }

  /**
   * A Kubernetes master needs the image its executor pods run; without it spark-submit would fail
   * only after contacting the cluster.
   */
  private static void requireKubernetesImage(Config merged, File envFile) {
    if (!merged.getString("spark.master").startsWith("k8s://") || merged.hasPath(K8S_IMAGE_PATH)) {
      return;
    }
    String variable = variable(parse(envFile), "spark", "conf", K8S_IMAGE);
    String hint = variable != null
        ? "the file reads it from the environment variable " + variable + ", which is not set: export " + variable
            + "=<registry>/ecg-platform:<version>, an image built from the project's Dockerfile"
        : "set spark.conf.\"" + K8S_IMAGE + "\" in " + envFile.getName() + " to an image built from the project's Dockerfile";
    throw new ConfigException("Cannot build spark-submit options from " + envFile + ": a k8s:// master needs the executor"
        + " image " + K8S_IMAGE + " (" + hint + ")");
  }

  /** The variable named by an unresolved {@code key = ${?VAR}} at the path of raw {@code keys}, or null. */
  private static String variable(Config unresolved, String... keys) {
    ConfigValue v = unresolved.root();
    for (String key : keys) {
      if (!(v instanceof ConfigObject)) {
        return null;
      }
      v = ((ConfigObject) v).get(key);
    }
    if (v == null) {
      return null;
    }
    Matcher m = SUBSTITUTION.matcher(v.render());
    return m.find() ? m.group(1) : null;
  }

  private static Config parse(File f) {
    try {
      return ConfigFactory.parseFile(f, ConfigParseOptions.defaults().setAllowMissing(false));
    } catch (com.typesafe.config.ConfigException e) {
      throw new ConfigException("Cannot read configuration file " + f + ": " + e.getMessage(), e);
    }
  }

  /** The spark-submit options an environment asks for. */
  public static List<String> of(Config c) {
    List<String> out = new ArrayList<>();
    Config s = c.getConfig("spark");
    out.add("--master");
    out.add(s.getString("master"));
    opt(out, s, "deploy-mode", "--deploy-mode");
    opt(out, s, "driver-memory", "--driver-memory");
    opt(out, s, "executor-memory", "--executor-memory");
    opt(out, s, "executor-cores", "--executor-cores");
    opt(out, s, "num-executors", "--num-executors");
    opt(out, s, "total-executor-cores", "--total-executor-cores");
    String jvm = s.hasPath("jvm-options") ? s.getString("jvm-options").trim() : "";
    String javaOptions = "-Dorg.bytedeco.javacpp.maxbytes=" + s.getString("nd4j.max-bytes")
        + " -Dorg.bytedeco.javacpp.maxphysicalbytes=" + s.getString("nd4j.max-physical-bytes")
        + (jvm.isEmpty() ? "" : " " + jvm);
    conf(out, "spark.driver.extraJavaOptions", javaOptions);
    conf(out, "spark.executor.extraJavaOptions", javaOptions);
    conf(out, "spark.executorEnv.OMP_NUM_THREADS", s.getString("nd4j.omp-threads"));
    if (s.hasPath("memory-overhead")) {
      conf(out, "spark.executor.memoryOverhead", s.getString("memory-overhead"));
    }
    for (Map.Entry<String, com.typesafe.config.ConfigValue> e : s.getConfig("conf").entrySet()) {
      conf(out, e.getKey().replace("\"", ""), String.valueOf(e.getValue().unwrapped()));
    }
    return out;
  }

  private static void opt(List<String> out, Config s, String key, String flag) {
    if (s.hasPath(key)) {
      out.add(flag);
      out.add(s.getString(key));
    }
  }

  private static void conf(List<String> out, String key, String value) {
    out.add("--conf");
    out.add(key + "=" + value);
  }
}
