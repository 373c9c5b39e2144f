package org.ecgplatform.etl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.ecgplatform.common.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The spark-submit options that submit-scripts/lib/common.sh passes for the repository's own
 * cluster environments (conf/standalone.conf, yarn.conf, k8s.conf), read where they live.
 */
class SubmitArgsTest {
  private static final String ND4J_OPTS =
      "-Dorg.bytedeco.javacpp.maxbytes=2G -Dorg.bytedeco.javacpp.maxphysicalbytes=6G -XX:+UseTransparentHugePages";

  @TempDir Path dir;

  /** The repository's conf/ folder, found upwards from the module directory the tests run in. */
  static Path repoConf() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("conf/defaults.conf")) && Files.isRegularFile(p.resolve("conf/yarn.conf"))) {
        return p.resolve("conf");
      }
    }
    throw new IllegalStateException("Cannot find the repository's conf/ above " + Path.of("").toAbsolutePath());
  }

  @Test
  void yarnHasMasterResourcesNd4jMemoryThreadsAndOverhead() {
    List<String> args = SubmitArgs.forEnvironment(repoConf().resolve("yarn.conf").toFile());

    assertThat(valueAfter(args, "--master")).isEqualTo("yarn");
    assertThat(valueAfter(args, "--deploy-mode")).isEqualTo("client");
    assertThat(valueAfter(args, "--executor-memory")).isEqualTo("4g");
    assertThat(valueAfter(args, "--num-executors")).isEqualTo("8");
    assertClusterConfs(confs(args), true);
    assertThat(confs(args)).containsEntry("spark.dynamicAllocation.enabled", "false");
  }

  @ParameterizedTest
  @ValueSource(strings = {"standalone:SPARK_MASTER_URL", "k8s:K8S_API_URL"})
  void aMasterFromAnUnsetVariableIsAnErrorNamingTheVariable(String envAndVariable) {
    String env = envAndVariable.split(":")[0];
    String variable = envAndVariable.split(":")[1];
    assumeThat(System.getenv(variable)).as(variable + " is set in this shell").isNull();

    // Before the check, the reference default local[*] was silently submitted to the "cluster".
    assertThatThrownBy(() -> SubmitArgs.forEnvironment(repoConf().resolve(env + ".conf").toFile()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("no Spark master")
        .hasMessageContaining("export " + variable + "=");
  }

  @Test
  void standaloneWithItsVariableSetThroughTheCommandTheScriptsRun() throws Exception {
    Run run = submitArgsProcess("standalone.conf", Map.of("SPARK_MASTER_URL", "spark://master.example:7077"));

    assertThat(run.exitCode).as(run.stderr).isZero();
    assertThat(valueAfter(run.lines, "--master")).isEqualTo("spark://master.example:7077");
    assertThat(valueAfter(run.lines, "--driver-memory")).isEqualTo("4g");
    // Standalone workers run executors as plain JVMs: no container limit, so no overhead option.
    assertClusterConfs(confs(run.lines), false);
  }

  @Test
  void k8sWithItsVariablesSetHasMasterImageAndOverhead() throws Exception {
    Map<String, String> environment = new LinkedHashMap<>();
    environment.put("K8S_API_URL", "k8s://https://api.example:6443");
    environment.put("SPARK_K8S_IMAGE", "registry.example/ecg-platform:0.1.0");
    environment.put("K8S_NAMESPACE", "ecg");
    environment.put("K8S_SERVICE_ACCOUNT", "ecg-spark");
    environment.put("SPARK_DRIVER_HOST", null);
    Run run = submitArgsProcess("k8s.conf", environment);

    assertThat(run.exitCode).as(run.stderr).isZero();
    assertThat(valueAfter(run.lines, "--master")).isEqualTo("k8s://https://api.example:6443");
    assertClusterConfs(confs(run.lines), true);
    assertThat(confs(run.lines)).containsEntry("spark.kubernetes.container.image", "registry.example/ecg-platform:0.1.0")
        .containsEntry("spark.kubernetes.namespace", "ecg")
        .containsEntry("spark.kubernetes.authenticate.driver.serviceAccountName", "ecg-spark")
        .as("optional variable unset: no option").doesNotContainKey("spark.driver.host");
  }

  @Test
  void k8sWithoutAnImageSaysWhichVariableToSet() throws Exception {
    Map<String, String> environment = new LinkedHashMap<>();
    environment.put("K8S_API_URL", "k8s://https://api.example:6443");
    environment.put("SPARK_K8S_IMAGE", null);
    Run run = submitArgsProcess("k8s.conf", environment);

    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.stderr.strip()).startsWith("ERROR: Cannot build spark-submit options")
        .contains("spark.kubernetes.container.image", "export SPARK_K8S_IMAGE=");
  }

  @Test
  void theScriptsSeeTheMissingVariableAsOneErrorLineAndExitStatus2() throws Exception {
    Map<String, String> unset = new LinkedHashMap<>();
    unset.put("SPARK_MASTER_URL", null);
    Run run = submitArgsProcess("standalone.conf", unset);

    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.lines).isEmpty();
    assertThat(run.stderr.strip()).startsWith("ERROR: Cannot build spark-submit options").contains("SPARK_MASTER_URL")
        .doesNotContain("at org.");
  }

  @Test
  void aFileWithoutAnyMasterSaysToSetSparkMaster() throws IOException {
    Path f = dir.resolve("nomaster.conf");
    Files.writeString(f, "spark { executor-memory = \"2g\" }\n");

    assertThatThrownBy(() -> SubmitArgs.forEnvironment(f.toFile()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("set spark.master in nomaster.conf");
  }

  @Test
  void overridesFromTheJobsCommandLineReachSparkSubmit() throws Exception {
    Run run = submitArgsProcess("yarn.conf", Map.of(), "spark.executor-memory=8g", "spark.num-executors=3",
        "spark.nd4j.max-physical-bytes=7G", "spark.conf.\"spark.foo\"=bar",
        "spark.conf.\"spark.sql.shuffle.partitions\"=16", "training.epochs=3",
        "spark.jvm-options=\"-XX:+AlwaysPreTouch -Xss4m\"");

    assertThat(run.exitCode).as(run.stderr).isZero();
    assertThat(valueAfter(run.lines, "--executor-memory")).isEqualTo("8g");
    assertThat(valueAfter(run.lines, "--num-executors")).isEqualTo("3");
    assertThat(valueAfter(run.lines, "--driver-memory")).as("from yarn.conf").isEqualTo("4g");
    assertThat(confs(run.lines)).containsEntry("spark.foo", "bar")
        .containsEntry("spark.sql.shuffle.partitions", "16")
        .containsEntry("spark.driver.extraJavaOptions",
            "-Dorg.bytedeco.javacpp.maxbytes=2G -Dorg.bytedeco.javacpp.maxphysicalbytes=7G -XX:+AlwaysPreTouch -Xss4m");

    Run none = submitArgsProcess("yarn.conf", Map.of(), "spark.jvm-options=\"\"");
    assertThat(none.exitCode).as(none.stderr).isZero();
    assertThat(confs(none.lines)).containsEntry("spark.executor.extraJavaOptions",
        "-Dorg.bytedeco.javacpp.maxbytes=2G -Dorg.bytedeco.javacpp.maxphysicalbytes=6G");
  }

  @Test
  void aMasterOnTheCommandLineStandsInForTheUnsetVariable() {
    List<String> args = SubmitArgs.forEnvironment(repoConf().resolve("standalone.conf").toFile(),
        List.of("spark.master=spark://other.example:7077"));

    assertThat(valueAfter(args, "--master")).isEqualTo("spark://other.example:7077");
  }

  @Test
  void anOldSparkKeyOnTheCommandLineIsOneErrorLineNamingTheNewSpelling() throws Exception {
    Run run = submitArgsProcess("yarn.conf", Map.of(), "spark.executorMemory=8g");

    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.lines).isEmpty();
    assertThat(run.stderr.strip())
        .startsWith("ERROR: Unknown configuration key spark.executorMemory: renamed to spark.executor-memory");
  }

  private static void assertClusterConfs(Map<String, String> confs, boolean containerOverhead) {
    assertThat(confs).containsEntry("spark.driver.extraJavaOptions", ND4J_OPTS)
        .containsEntry("spark.executor.extraJavaOptions", ND4J_OPTS)
        .containsEntry("spark.executorEnv.OMP_NUM_THREADS", "1")
        .containsEntry("spark.sql.shuffle.partitions", "64")
        // Kryo cannot serialize Java records (the ETL's tasks) nor ND4J arrays without ND4J's registrator.
        .doesNotContainKey("spark.serializer");
    if (containerOverhead) {
      assertThat(confs).containsEntry("spark.executor.memoryOverhead", "3g");
    } else {
      assertThat(confs).doesNotContainKey("spark.executor.memoryOverhead");
    }
  }

  private static String valueAfter(List<String> args, String flag) {
    int i = args.indexOf(flag);
    assertThat(i).as(flag + " in " + args).isNotNegative().isLessThan(args.size() - 1);
    return args.get(i + 1);
  }

  /** The {@code --conf key=value} pairs; a key given twice would fail here. */
  private static Map<String, String> confs(List<String> args) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < args.size() - 1; i++) {
      if (args.get(i).equals("--conf")) {
        String kv = args.get(i + 1);
        int eq = kv.indexOf('=');
        assertThat(out.put(kv.substring(0, eq), kv.substring(eq + 1))).as("duplicate " + kv).isNull();
      }
    }
    return out;
  }

  private record Run(int exitCode, List<String> lines, String stderr) {}

  /**
   * Runs {@code java SubmitArgs --conf-dir conf --env <name> [overrides]} as common.sh does, with
   * the given environment (null unsets).
   */
  private Run submitArgsProcess(String confFile, Map<String, String> environment, String... overrides) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new java.util.ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
        SubmitArgs.class.getName(), "--conf-dir", repoConf().toString(), "--env", confFile.replace(".conf", "")));
    command.addAll(List.of(overrides));
    ProcessBuilder pb = new ProcessBuilder(command);
    for (Map.Entry<String, String> e : environment.entrySet()) {
      if (e.getValue() == null) {
        pb.environment().remove(e.getKey());
      } else {
        pb.environment().put(e.getKey(), e.getValue());
      }
    }
    File err = dir.resolve("stderr.txt").toFile();
    pb.redirectError(err);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("SubmitArgs finished").isTrue();
    List<String> lines = out.isEmpty() ? List.of() : List.of(out.split("\n"));
    return new Run(p.exitValue(), lines, Files.readString(err.toPath()));
  }
}
