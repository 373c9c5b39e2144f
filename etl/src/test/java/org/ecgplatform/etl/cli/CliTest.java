package org.ecgplatform.etl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.ecgplatform.common.EcgPlatformException;
import org.junit.jupiter.api.Test;

class CliTest {
  private final List<Integer> exits = new ArrayList<>();

  private static Properties props(String master, String deployMode) {
    Properties p = new Properties();
    if (master != null) {
      p.setProperty("spark.master", master);
    }
    if (deployMode != null) {
      p.setProperty("spark.submit.deployMode", deployMode);
    }
    return p;
  }

  @Test
  void exitsTheJvmWithTheStatusOutsideAYarnClusterDriver() {
    Cli.exit(0, props(null, null), exits::add);
    Cli.exit(3, props("yarn", "client"), exits::add);
    Cli.exit(1, props("spark://master:7077", "cluster"), exits::add);
    Cli.exit(2, props("local[2]", null), exits::add);

    assertThat(exits).containsExactly(0, 3, 1, 2);
  }

  @Test
  void returnsOnSuccessInAYarnClusterDriverSoTheApplicationMasterReportsSucceeded() {
    Cli.exit(0, props("yarn", "cluster"), exits::add);

    assertThat(exits).isEmpty();
  }

  @Test
  void throwsWithTheStatusOnFailureInAYarnClusterDriver() {
    assertThatThrownBy(() -> Cli.exit(3, props("yarn", "cluster"), exits::add))
        .isInstanceOf(EcgPlatformException.class)
        .hasMessageContaining("exit status 3");
    assertThat(exits).isEmpty();
  }
}
