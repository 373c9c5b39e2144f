package org.ecgplatform.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ecgplatform.etl.cli.EtlMain;
import org.ecgplatform.etl.spark.EtlConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The configuration precedence the README documents, proven with one value per level:
 * command line > environment file > conf/defaults.conf > reference.conf.
 */
class ConfigLoaderTest {
  @TempDir Path conf;
  File envFile;

  /**
   * targetFsHz is set at all four levels, seed at the three lower ones, rowGroupMb at the two
   * lower ones, maxRowsPerFile in reference.conf only (360 / 42 / 32 / 500000 there).
   */
  @BeforeEach
  void writeEnvironment() throws IOException {
    Files.writeString(conf.resolve("defaults.conf"), String.join("\n",
        "etl {",
        "  targetFsHz = 250",
        "  seed = 7",
        "  rowGroupMb = 16",
        "  window.beforeS = 0.2",
        "}", ""));
    Files.writeString(conf.resolve("test.conf"), String.join("\n",
        "etl {",
        "  targetFsHz = 300",
        "  seed = 8",
        "}",
        "spark.master = \"local[1]\"", ""));
    envFile = conf.resolve("test.conf").toFile();
  }

  @Test
  void eachLevelOverridesTheOnesBelow() {
    Config c = ConfigLoader.load(envFile, List.of("etl.targetFsHz=500"), "etl", "spark");

    assertThat(c.getInt("etl.targetFsHz")).as("command line over everything").isEqualTo(500);
    assertThat(c.getLong("etl.seed")).as("environment file over defaults.conf").isEqualTo(8);
    assertThat(c.getInt("etl.rowGroupMb")).as("defaults.conf over reference.conf").isEqualTo(16);
    assertThat(c.getInt("etl.maxRowsPerFile")).as("reference.conf").isEqualTo(500000);
    assertThat(c.getString("spark.master")).isEqualTo("local[1]");
  }

  @Test
  void objectsMergeKeyByKeyAcrossLevels() {
    Config c = ConfigLoader.load(envFile, List.of("etl.window.afterS=0.5"), "etl");

    assertThat(c.getDouble("etl.window.beforeS")).as("from defaults.conf").isEqualTo(0.2);
    assertThat(c.getDouble("etl.window.afterS")).as("from the command line").isEqualTo(0.5);
    assertThat(c.getInt("etl.window.localRrIntervals")).as("from reference.conf").isEqualTo(10);
  }

  @Test
  void withoutAnEnvironmentFileOnlyTheReferenceApplies() {
    Config c = ConfigLoader.load(null, List.of(), "etl");

    assertThat(c.getInt("etl.targetFsHz")).isEqualTo(360);
    assertThat(c.getLong("etl.seed")).isEqualTo(42);
  }

  @Test
  void unknownKeysAreRejectedNamingTheKey() throws IOException {
    assertThatThrownBy(() -> ConfigLoader.load(envFile, List.of("etl.targetFs=250"), "etl"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Unknown configuration key etl.targetFs ");
    assertThatThrownBy(() -> ConfigLoader.load(envFile, List.of("etl.window.beforeMs=200"), "etl"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("etl.window.beforeMs");

    Files.writeString(conf.resolve("typo.conf"), "spark { masterr = \"local[2]\" }\n");
    assertThatThrownBy(() -> ConfigLoader.load(conf.resolve("typo.conf").toFile(), List.of(), "etl", "spark"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("spark.masterr");
  }

  @Test
  void anotherStagesKeysAreLeftToThatStage() {
    Config c = ConfigLoader.load(envFile, List.of("training.epochs=3"), "etl", "spark");

    assertThat(c.getInt("training.epochs")).isEqualTo(3);
  }

  @Test
  void freeFormMapsAcceptAnyKey() throws IOException {
    Files.writeString(conf.resolve("free.conf"), String.join("\n",
        "spark.conf {",
        "  \"spark.sql.shuffle.partitions\" = 16",
        "  \"spark.made.up.property\" = yes",
        "}", ""));
    Config c = ConfigLoader.load(conf.resolve("free.conf").toFile(),
        List.of("spark.conf.\"spark.another.one\"=1"), "etl", "spark");

    Config sparkConf = c.getConfig("spark.conf");
    assertThat(sparkConf.getInt("\"spark.sql.shuffle.partitions\"")).isEqualTo(16);
    assertThat(sparkConf.getString("\"spark.made.up.property\"")).isEqualTo("yes");
    assertThat(sparkConf.getInt("\"spark.another.one\"")).isEqualTo(1);
  }

  @Test
  void aValueOfTheWrongTypeIsAnErrorNamingTheKey() {
    Config c = ConfigLoader.load(envFile, List.of("etl.targetFsHz=fast"), "etl");

    assertThatThrownBy(() -> ConfigLoader.get("etl.targetFsHz", () -> c.getInt("etl.targetFsHz")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Invalid value for etl.targetFsHz");
    assertThatThrownBy(() -> EtlConfig.from(c))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("targetFsHz");
  }

  @Test
  void theEtlCommandRejectsBadSettingsWithExitStatus2AndOneLine() {
    String[] err = new String[1];
    int code = withStreams(new String[1], err, () -> EtlMain.execute("--conf-dir", conf.toString(), "--env", "test",
        "--output", conf.resolve("out").toString(), "etl.targetFsHz=fast"));

    assertThat(code).isEqualTo(2);
    assertThat(err[0]).startsWith("ERROR: ").contains("etl.targetFsHz");
    assertThat(conf.resolve("out")).doesNotExist();
  }

  @Test
  void printConfigShowsTheEffectiveValues() {
    String[] out = new String[1];
    int code = withStreams(out, new String[1], () -> EtlMain.execute("--conf-dir", conf.toString(), "--env", "test",
        "--print-config", "etl.targetFsHz=500"));

    assertThat(code).isZero();
    Config printed = ConfigFactory.parseString(out[0]);
    assertThat(printed.getInt("targetFsHz")).isEqualTo(500);
    assertThat(printed.getLong("seed")).isEqualTo(8);
    assertThat(printed.getInt("rowGroupMb")).isEqualTo(16);
    assertThat(printed.getInt("maxRowsPerFile")).isEqualTo(500000);
  }

  private interface Command {
    int run();
  }

  /** Runs a CLI with System.out and System.err captured, restoring both afterwards. */
  private static int withStreams(String[] out, String[] err, Command command) {
    PrintStream savedOut = System.out;
    PrintStream savedErr = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      return command.run();
    } finally {
      System.out.flush();
      System.err.flush();
      System.setOut(savedOut);
      System.setErr(savedErr);
      out[0] = o.toString(StandardCharsets.UTF_8);
      err[0] = e.toString(StandardCharsets.UTF_8);
    }
  }
}
