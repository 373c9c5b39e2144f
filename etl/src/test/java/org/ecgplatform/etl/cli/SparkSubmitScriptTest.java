package org.ecgplatform.etl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ecg_spark_submit} of submit-scripts/lib/common.sh, run with bash against a stand-in
 * {@code $SPARK_HOME/bin/spark-submit} that records its arguments: the options it receives come
 * from the environment file and the job's own {@code spark.*} overrides, and the job's arguments
 * follow the jar unchanged.
 */
class SparkSubmitScriptTest {
  @TempDir Path root;

  @Test
  void theJobsSparkOverridesReachSparkSubmit() throws Exception {
    List<String> args = submit("yarn", "--dataset", "hdfs://nn/ds", "--output", "hdfs://nn/k=1",
        "spark.executor-memory=8g", "spark.conf.\"spark.foo\"=bar", "training.epochs=3");

    assertThat(valueAfter(args, "--master")).isEqualTo("yarn");
    assertThat(valueAfter(args, "--executor-memory")).isEqualTo("8g");
    assertThat(valueAfter(args, "--driver-memory")).as("from yarn.conf").isEqualTo("4g");
    assertThat(args).contains("spark.foo=bar");
    assertThat(valueAfter(args, "--class")).isEqualTo("org.example.Job");
    int jar = args.indexOf("--class") + 2;
    assertThat(args.subList(jar + 1, args.size())).containsExactly("--conf-dir", root.resolve("conf").toString(),
        "--env", "yarn", "--dataset", "hdfs://nn/ds", "--output", "hdfs://nn/k=1", "spark.executor-memory=8g",
        "spark.conf.\"spark.foo\"=bar", "training.epochs=3");
  }

  @Test
  void anOldSparkKeyStopsBeforeSparkSubmitNamingTheNewSpelling() throws Exception {
    Result r = run("yarn", "spark.executorMemory=8g");

    assertThat(r.status).isEqualTo(2);
    assertThat(r.err).contains("ERROR: Unknown configuration key spark.executorMemory: renamed to spark.executor-memory");
    assertThat(root.resolve("spark-submit.args")).doesNotExist();
  }

  private record Result(int status, String err) {}

  private List<String> submit(String env, String... jobArgs) throws Exception {
    Result r = run(env, jobArgs);
    assertThat(r.status).as(r.err).isZero();
    return Files.readAllLines(root.resolve("spark-submit.args"));
  }

  /**
   * A copy of common.sh and conf/ under {@code root}, a job jar whose manifest puts this test's
   * class path on its own, and a spark-submit that writes one argument per line.
   */
  private Result run(String env, String... jobArgs) throws Exception {
    Path repo = SubmitArgsTest.repoConf().getParent();
    Files.createDirectories(root.resolve("submit-scripts/lib"));
    Files.copy(repo.resolve("submit-scripts/lib/common.sh"), root.resolve("submit-scripts/lib/common.sh"));
    Files.createDirectories(root.resolve("conf"));
    for (String f : List.of("defaults.conf", env + ".conf")) {
      Files.copy(repo.resolve("conf").resolve(f), root.resolve("conf").resolve(f));
    }
    writeClassPathJar(root.resolve("training/target/ecg-training-0-job.jar"));
    Path sparkSubmit = root.resolve("spark/bin/spark-submit");
    Files.createDirectories(sparkSubmit.getParent());
    Files.writeString(sparkSubmit, "#!/usr/bin/env bash\nprintf '%s\\n' \"$@\" > \"" + root.resolve("spark-submit.args") + "\"\n");
    Files.setPosixFilePermissions(sparkSubmit, PosixFilePermissions.fromString("rwxr-xr-x"));

    List<String> cmd = new ArrayList<>(List.of("bash", "-c",
        "source \"$1\"; shift; ecg_spark_submit training org.example.Job \"$@\"", "bash",
        root.resolve("submit-scripts/lib/common.sh").toString(), env, "--env", env));
    cmd.addAll(List.of(jobArgs));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("SPARK_HOME", root.resolve("spark").toString());
    pb.environment().remove("ECG_CONF_DIR");
    pb.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + File.pathSeparator
        + pb.environment().get("PATH"));
    Process p = pb.start();
    p.getOutputStream().close();
    p.getInputStream().readAllBytes();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("bash finished").isTrue();
    return new Result(p.exitValue(), err);
  }

  private static void writeClassPathJar(Path jar) throws Exception {
    Files.createDirectories(jar.getParent());
    StringBuilder cp = new StringBuilder();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      cp.append(new File(entry).toURI()).append(' ');
    }
    Manifest m = new Manifest();
    m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    m.getMainAttributes().put(Attributes.Name.CLASS_PATH, cp.toString().strip());
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, m)) {
      j.flush();
    }
  }

  private static String valueAfter(List<String> args, String flag) {
    int i = args.indexOf(flag);
    assertThat(i).as(flag + " in " + args).isNotNegative().isLessThan(args.size() - 1);
    return args.get(i + 1);
  }
}
