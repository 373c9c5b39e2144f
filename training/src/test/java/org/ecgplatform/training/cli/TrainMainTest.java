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
        "training.spark.batch-size-per-worker=64", "training.early-stopping-patience=2", "etl.seed=3").config();
    assertThat(c.datasetUri()).isEqualTo("hdfs://nn/ds");
    assertThat(c.resume()).isTrue();
    assertThat(c.epochs()).isEqualTo(9);
    assertThat(c.spark().batchSizePerWorker()).isEqualTo(64);
    assertThat(c.patience()).isEqualTo(2);
  }

  @Test
  void unknownOrMalformedOverridesAreRefused() {
    assertThatThrownBy(() -> parse("--dataset", "d", "--output", "o", "training.spark.no-such-key=3").config())
        .isInstanceOf(ConfigException.class).hasMessageContaining("Unknown configuration key training.spark.no-such-key");
    assertThatThrownBy(() -> parse("--dataset", "d", "--output", "o", "spark.no-such-key=3").config())
        .isInstanceOf(ConfigException.class).hasMessageContaining("Unknown configuration key spark.no-such-key");
    assertThatThrownBy(() -> parse("--dataset", "d", "--output", "o", "epochs").config())
        .isInstanceOf(ConfigException.class).hasMessageContaining("key=value");
    assertThatThrownBy(() -> parse("--dataset", "d", "--output", "o", "training.epochs=-1").config())
        .isInstanceOf(ConfigException.class).hasMessageContaining("training.epochs").hasMessageContaining("'-1'");
    // Keys are written in full: a bare training key is an error that names the full one.
    assertThatThrownBy(() -> parse("--dataset", "d", "--output", "o", "epochs=30").config())
        .isInstanceOf(ConfigException.class).hasMessageContaining("did you mean training.epochs?");
  }

  @Test
  void oldCamelCaseKeysOfTrainingAndSparkNameTheirNewSpelling(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> parse("--dataset", "d", "--output", "o", "training.earlyStoppingPatience=2").config())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Unknown configuration key training.earlyStoppingPatience: renamed to training.early-stopping-patience");
    Path env = dir.resolve("old.conf");
    Files.writeString(env, "training.spark.batchSizePerWorker = 16\nspark.nd4j.ompThreads = 2\n");
    assertThatThrownBy(() -> parse("--dataset", "d", "--output", "o", "--config", env.toString()).config())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("training.spark.batchSizePerWorker: renamed to training.spark.batch-size-per-worker")
        .hasMessageContaining("spark.nd4j.ompThreads: renamed to spark.nd4j.omp-threads");
  }

  @Test
  void badSettingsExitWithStatus2AndOneErrorLine(@TempDir Path dir) {
    StringWriter err = new StringWriter();
    int code = org.ecgplatform.etl.cli.Cli.execute(new TrainMain(), new PrintWriter(new StringWriter()), new PrintWriter(err),
        "--dataset", "d", "--output", dir.resolve("o").toString(), "--conf-dir", dir.toString(), "training.epochs=0");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString().strip()).startsWith("ERROR: Invalid value for training.epochs").doesNotContain("\n");
    assertThat(dir.resolve("o")).doesNotExist();
  }

  @Test
  void printConfigShowsTrainingAndSparkKeys(@TempDir Path dir) {
    StringWriter out = new StringWriter();
    int code = org.ecgplatform.etl.cli.Cli.execute(new TrainMain(), new PrintWriter(out), new PrintWriter(new StringWriter()),
        "--dataset", "d", "--output", "o", "--conf-dir", dir.toString(), "--print-config", "training.epochs=7",
        "spark.executor-memory=8g");
    assertThat(code).isZero();
    com.typesafe.config.Config printed = com.typesafe.config.ConfigFactory.parseString(out.toString());
    assertThat(printed.getInt("training.epochs")).isEqualTo(7);
    assertThat(printed.getString("training.dataset")).isEqualTo("d");
    assertThat(printed.getString("spark.executor-memory")).isEqualTo("8g");
  }

  @Test
  void helpListsTheOptions() {
    StringWriter out = new StringWriter();
    CommandLine cl = new CommandLine(new TrainMain());
    cl.setOut(new PrintWriter(out));
    assertThat(cl.execute("--help")).isZero();
    assertThat(out.toString()).contains("--dataset", "--output", "--resume", "--env", "--conf-dir", "--config",
        "--print-config", "key=value", "training.epochs=30");
  }
}
