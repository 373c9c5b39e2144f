package org.ecgplatform.etl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Decisions of submit-scripts/lib/common.sh, run with bash. */
class CommonShTest {
  private static final String GATEWAY_CONF = "/etc/ecg/conf";

  /** {@code ecg_driver_conf_dir} with {@code ECG_CONF_DIR} set to {@link #GATEWAY_CONF}. */
  private static String driverConfDir(String... submitArgs) throws Exception {
    Path common = SubmitArgsTest.repoConf().getParent().resolve("submit-scripts/lib/common.sh");
    List<String> cmd = new ArrayList<>(List.of("bash", "-c", "source \"$1\"; shift; ecg_driver_conf_dir \"$@\"", "bash",
        common.toString()));
    cmd.addAll(List.of(submitArgs));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("ECG_CONF_DIR", GATEWAY_CONF);
    Process p = pb.start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    return out;
  }

  @Test
  void aYarnClusterModeDriverReadsTheShippedFilesInItsWorkingDirectory() throws Exception {
    assertThat(driverConfDir("--master", "yarn", "--deploy-mode", "cluster", "--driver-memory", "4g")).isEqualTo(".");
  }

  @Test
  void everyOtherDriverReadsTheGatewayFolder() throws Exception {
    assertThat(driverConfDir("--master", "yarn", "--deploy-mode", "client")).isEqualTo(GATEWAY_CONF);
    assertThat(driverConfDir("--master", "yarn")).isEqualTo(GATEWAY_CONF);
    assertThat(driverConfDir("--master", "spark://host:7077", "--deploy-mode", "cluster")).isEqualTo(GATEWAY_CONF);
    assertThat(driverConfDir("--master", "k8s://https://host:6443", "--deploy-mode", "cluster")).isEqualTo(GATEWAY_CONF);
  }

  /**
   * Under the scripts' {@code set -euo pipefail}, a module without a job jar is named, not a silent
   * exit (the {@code ls} of a glob that matches nothing fails inside the pipeline).
   */
  @Test
  void aMissingJobJarIsNamedUnderTheScriptsErrorSettings(@TempDir Path root) throws Exception {
    Path common = SubmitArgsTest.repoConf().getParent().resolve("submit-scripts/lib/common.sh");
    Files.createDirectories(root.resolve("training/target"));
    ProcessBuilder pb = new ProcessBuilder("bash", "-c",
        "set -euo pipefail; source \"$1\"; ECG_ROOT=\"$2\"; ecg_job_jar training; echo unreachable", "bash",
        common.toString(), root.toString()).redirectErrorStream(true);
    Process p = pb.start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(1);
    assertThat(out).contains("no job jar for training: run 'mvn -DskipTests package' first").doesNotContain("unreachable");
  }
}
