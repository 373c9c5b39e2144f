package org.ecgplatform.training.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ecgplatform.common.ConfigException;
import org.ecgplatform.training.config.TrainConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TrainMainTest {
  private static TrainMain parse(String... args) {
    TrainMain m = new TrainMain();
    new CommandLine(m).parseArgs(args);
    return m;
  }

  @Test
  void optionsAndOverridesBuildTheConfig(@TempDir Path dir) throws Exception {
    Path env = dir.resolve("env.conf");
    Files.writeString(env, "training { epochs = 9, spark.batch-size-per-worker = 16 }");
    TrainConfig c = parse("--dataset", "hdfs://nn/ds", "--output", "hdfs://nn/out", "--resume", "--config", env.toString(),
        "spark.batch-size-per-worker=64", "training.early-stopping-patience=2").config();
    assertThat(c.datasetUri()).isEqualTo("hdfs://nn/ds");
    assertThat(c.resume()).isTrue();
    assertThat(c.epochs()).isEqualTo(9);
    assertThat(c.spark().batchSizePerWorker()).isEqualTo(64);
    assertThat(c.patience()).isEqualTo(2);
  }

  @Test
  void unknownOrMalformedOverridesAreRefused() {
    assertThatThrownBy(() -> parse("--dataset", "d", "--output", "o", "spark.no-such-key=3").config())
        .isInstanceOf(ConfigException.class).hasMessageContaining("training.spark.no-such-key").hasMessageContaining("'3'");
    assertThatThrownBy(() -> parse("--dataset", "d", "--output", "o", "epochs").config())
        .isInstanceOf(ConfigException.class).hasMessageContaining("key=value");
    assertThatThrownBy(() -> parse("--dataset", "d", "--output", "o", "epochs=-1").config())
        .isInstanceOf(ConfigException.class).hasMessageContaining("training.epochs").hasMessageContaining("'-1'");
  }

  @Test
  void helpListsTheOptions() {
    StringWriter out = new StringWriter();
    CommandLine cl = new CommandLine(new TrainMain());
    cl.setOut(new PrintWriter(out));
    assertThat(cl.execute("--help")).isZero();
    assertThat(out.toString()).contains("--dataset", "--output", "--resume", "key=value");
  }
}
