package org.ecgplatform.etl.cli;

import com.typesafe.config.Config;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ecgplatform.common.ConfigLoader;

/**
 * Prints the {@code spark-submit} options of an environment file, one per line, for the submit
 * scripts: master, deploy mode, driver/executor memory and cores, executor count, memory overhead
 * for ND4J's off-heap memory, the ND4J JVM options and {@code OMP_NUM_THREADS} for driver and
 * executors, and every {@code spark.conf} entry. Keeping this in Java means the scripts never
 * parse HOCON and the cluster layout lives in {@code conf/} only.
 *
 * <p>Usage: {@code SubmitArgs <env-file>}
 */
public final class SubmitArgs {
  private SubmitArgs() {}

  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println("Usage: SubmitArgs <conf/ENV.conf>");
      System.exit(2);
    }
    for (String a : of(ConfigLoader.load(new File(args[0]), List.of(), "spark"))) {
      System.out.println(a);
    }
  }

  /** The spark-submit options an environment asks for. */
  public static List<String> of(Config c) {
    List<String> out = new ArrayList<>();
    Config s = c.getConfig("spark");
    out.add("--master");
    out.add(s.getString("master"));
    opt(out, s, "deployMode", "--deploy-mode");
    opt(out, s, "driverMemory", "--driver-memory");
    opt(out, s, "executorMemory", "--executor-memory");
    opt(out, s, "executorCores", "--executor-cores");
    opt(out, s, "numExecutors", "--num-executors");
    opt(out, s, "totalExecutorCores", "--total-executor-cores");
    String nd4j = "-Dorg.bytedeco.javacpp.maxbytes=" + s.getString("nd4j.maxBytes")
        + " -Dorg.bytedeco.javacpp.maxphysicalbytes=" + s.getString("nd4j.maxPhysicalBytes");
    conf(out, "spark.driver.extraJavaOptions", nd4j);
    conf(out, "spark.executor.extraJavaOptions", nd4j);
    conf(out, "spark.executorEnv.OMP_NUM_THREADS", s.getString("nd4j.ompThreads"));
    if (s.hasPath("memoryOverhead")) {
      conf(out, "spark.executor.memoryOverhead", s.getString("memoryOverhead"));
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
