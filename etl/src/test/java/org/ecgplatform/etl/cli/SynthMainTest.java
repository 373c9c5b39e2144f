package org.ecgplatform.etl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SynthMainTest {
  @TempDir Path dir;

  @Test
  void generatesADatabaseFromTheCommandLine() throws Exception {
    Path out = dir.resolve("synth");
    int code = SynthMain.execute("--output", out.toString(), "--records", "2", "--duration-s", "20", "--seed", "5",
        "--master", "local[2]", "--conf-dir", dir.toString(), "synth.fraction-v=0.2", "synth.leads=1");
    assertThat(code).isZero();
    assertThat(Files.readAllLines(out.resolve("RECORDS"))).containsExactly("s0000", "s0001");
    assertThat(Files.readAllLines(out.resolve("s0001.hea")).get(0)).startsWith("s0001 1 360");
  }

  @Test
  void badSettingsExitWithCode2() {
    assertThat(SynthMain.execute("--output", dir.resolve("x").toString(), "--print-config", "synth.fs-hz=-5")).isEqualTo(2);
    assertThat(SynthMain.execute("--output", dir.resolve("x").toString(), "--print-config", "fs-hz=1")).isEqualTo(2);
    assertThat(SynthMain.execute("--output", dir.resolve("x").toString(), "--print-config", "synth.fsHz=250")).isEqualTo(2);
    // Other stages' keys are passed to every stage by pipeline.sh and ignored here.
    assertThat(SynthMain.execute("--output", dir.resolve("x").toString(), "--print-config", "etl.seed=1")).isZero();
    assertThat(SynthMain.execute("--print-config", "--records", "3")).isZero();
    assertThat(SynthMain.execute("--records", "3")).as("no --output").isEqualTo(2);
  }
}
