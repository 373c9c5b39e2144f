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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The configuration precedence the README documents, proven with one value per level:
 * command line > environment file > conf/defaults.conf > reference.conf.
 */
class ConfigLoaderTest {
  @TempDir Path conf;
  File envFile;

  /**
   * target-fs-hz is set at all four levels, seed at the three lower ones, row-group-mb at the two
   * lower ones, max-rows-per-file in reference.conf only (360 / 42 / 32 / 500000 there).
   */
  @BeforeEach
  void writeEnvironment() throws IOException {
    Files.writeString(conf.resolve("defaults.conf"), String.join("\n",
        "etl {",
        "  target-fs-hz = 250",
        "  seed = 7",
        "  row-group-mb = 16",
        "  window.before-s = 0.2",
        "}", ""));
    Files.writeString(conf.resolve("test.conf"), String.join("\n",
        "etl {",
        "  target-fs-hz = 300",
        "  seed = 8",
        "}",
        "spark.master = \"local[1]\"", ""));
    envFile = conf.resolve("test.conf").toFile();
  }

  @Test
  void eachLevelOverridesTheOnesBelow() {
    Config c = ConfigLoader.load(envFile, List.of("etl.target-fs-hz=500"), "etl", "spark");

    assertThat(c.getInt("etl.target-fs-hz")).as("command line over everything").isEqualTo(500);
    assertThat(c.getLong("etl.seed")).as("environment file over defaults.conf").isEqualTo(8);
    assertThat(c.getInt("etl.row-group-mb")).as("defaults.conf over reference.conf").isEqualTo(16);
    assertThat(c.getInt("etl.max-rows-per-file")).as("reference.conf").isEqualTo(500000);
    assertThat(c.getString("spark.master")).isEqualTo("local[1]");
  }

  @Test
  void objectsMergeKeyByKeyAcrossLevels() {
    Config c = ConfigLoader.load(envFile, List.of("etl.window.after-s=0.5"), "etl");

    assertThat(c.getDouble("etl.window.before-s")).as("from defaults.conf").isEqualTo(0.2);
    assertThat(c.getDouble("etl.window.after-s")).as("from the command line").isEqualTo(0.5);
    assertThat(c.getInt("etl.window.local-rr-intervals")).as("from reference.conf").isEqualTo(10);
  }

  @Test
  void withoutAnEnvironmentFileOnlyTheReferenceApplies() {
    Config c = ConfigLoader.load(null, List.of(), "etl");

    assertThat(c.getInt("etl.target-fs-hz")).isEqualTo(360);
    assertThat(c.getLong("etl.seed")).isEqualTo(42);
  }

  @Test
  void unknownKeysAreRejectedNamingTheKey() throws IOException {
    assertThatThrownBy(() -> ConfigLoader.load(envFile, List.of("etl.target-fs=250"), "etl"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Unknown configuration key etl.target-fs ")
        .hasMessageNotContaining("renamed");
    assertThatThrownBy(() -> ConfigLoader.load(envFile, List.of("etl.window.before-ms=200"), "etl"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("etl.window.before-ms");

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

  /** Old camelCase keys of each root this module documents, given on the command line. */
  @ParameterizedTest
  @CsvSource({
      "etl.targetFsHz=250, etl.target-fs-hz",
      "etl.window.beforeS=0.2, etl.window.before-s",
      "etl.leads.recordTemplate=false, etl.leads.record-template",
      "etl.augment.gaussian.snrDb=[10 20], etl.augment.gaussian.snr-db",
      "etl.rowGroupMb=16, etl.row-group-mb",
      "spark.executorMemory=8g, spark.executor-memory",
      "spark.deployMode=cluster, spark.deploy-mode",
      "spark.nd4j.maxPhysicalBytes=8G, spark.nd4j.max-physical-bytes",
      "synth.durationS=60, synth.duration-s",
      "synth.fractionV=0.1, synth.fraction-v"})
  void anOldCamelCaseKeyOnTheCommandLineNamesItsNewSpelling(String override, String renamed) {
    String old = override.substring(0, override.indexOf('='));
    String root = old.substring(0, old.indexOf('.'));
    assertThatThrownBy(() -> ConfigLoader.load(envFile, List.of(override), root))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Unknown configuration key " + old + ": renamed to " + renamed);
  }

  @Test
  void oldKeysInAnEnvironmentFileAreErrorsNamingTheirNewSpelling() throws IOException {
    Files.writeString(conf.resolve("old.conf"), String.join("\n",
        "etl.cleaning.lowpassHz = 35",
        "spark { executorMemory = \"4g\", nd4j.maxBytes = \"2G\" }",
        "synth.meanHrBpm = 80", ""));
    File old = conf.resolve("old.conf").toFile();

    assertThatThrownBy(() -> ConfigLoader.load(old, List.of(), "etl", "spark", "synth"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("etl.cleaning.lowpassHz: renamed to etl.cleaning.lowpass-hz")
        .hasMessageContaining("spark.executorMemory: renamed to spark.executor-memory")
        .hasMessageContaining("spark.nd4j.maxBytes: renamed to spark.nd4j.max-bytes")
        .hasMessageContaining("synth.meanHrBpm: renamed to synth.mean-hr-bpm");
    // A job checks its own roots only; the ETL leaves synth.* to the synthetic-database job.
    assertThatThrownBy(() -> ConfigLoader.load(old, List.of(), "etl"))
        .hasMessageContaining("etl.cleaning.lowpassHz")
        .hasMessageNotContaining("synth.");
  }

  @Test
  void dataKeysKeepTheirSpelling() {
    Config c = ConfigLoader.load(envFile, List.of("etl.augment.oversampling.S=3", "etl.split.presets.incartdb=hash",
        "spark.conf.\"spark.executor.memoryOverhead\"=1g"), "etl", "spark");

    assertThat(c.getInt("etl.augment.oversampling.S")).isEqualTo(3);
    assertThat(c.getString("etl.split.presets.incartdb")).isEqualTo("hash");
    assertThat(c.getString("spark.conf.\"spark.executor.memoryOverhead\"")).isEqualTo("1g");
  }

  @Test
  void aKeyOutsideTheProjectRootsIsAnError() {
    assertThatThrownBy(() -> ConfigLoader.load(envFile, List.of("target-fs-hz=250"), "etl", "spark"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("target-fs-hz: keys start with their root, did you mean etl.target-fs-hz?");
    assertThatThrownBy(() -> ConfigLoader.load(envFile, List.of("colour=blue"), "etl"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("colour: keys start with one of etl, spark, synth, training, evaluation");
  }

  @ParameterizedTest
  @CsvSource({"targetFsHz, target-fs-hz", "macroF1, macro-f1", "f1N, f1-n", "avgSvebFpr, avg-sveb-fpr",
      "maxRRInterval, max-rr-interval", "seed, seed", "lowpass-hz, lowpass-hz", "N, n"})
  void kebabCaseOfACamelCaseName(String camel, String kebab) {
    assertThat(ConfigLoader.kebabCase(camel)).isEqualTo(kebab);
  }

  @Test
  void aValueOfTheWrongTypeIsAnErrorNamingTheKey() {
    Config c = ConfigLoader.load(envFile, List.of("etl.target-fs-hz=fast"), "etl");

    assertThatThrownBy(() -> ConfigLoader.get("etl.target-fs-hz", () -> c.getInt("etl.target-fs-hz")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Invalid value for etl.target-fs-hz");
    assertThatThrownBy(() -> EtlConfig.from(c))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("target-fs-hz");
  }

  @Test
  void theEtlCommandRejectsBadSettingsWithExitStatus2AndOneLine() {
    String[] err = new String[1];
    int code = withStreams(new String[1], err, () -> EtlMain.execute("--conf-dir", conf.toString(), "--env", "test",
        "--output", conf.resolve("out").toString(), "etl.target-fs-hz=fast"));

    assertThat(code).isEqualTo(2);
    assertThat(err[0]).startsWith("ERROR: ").contains("etl.target-fs-hz");
    assertThat(conf.resolve("out")).doesNotExist();

    code = withStreams(new String[1], err, () -> EtlMain.execute("--conf-dir", conf.toString(), "--env", "test",
        "--output", conf.resolve("out").toString(), "etl.targetFsHz=250"));
    assertThat(code).isEqualTo(2);
    assertThat(err[0].strip()).startsWith("ERROR: Unknown configuration key etl.targetFsHz: renamed to etl.target-fs-hz")
        .doesNotContain("\n");
  }

  @Test
  void printConfigShowsTheEffectiveValues() {
    String[] out = new String[1];
    int code = withStreams(out, new String[1], () -> EtlMain.execute("--conf-dir", conf.toString(), "--env", "test",
        "--print-config", "etl.target-fs-hz=500"));

    assertThat(code).isZero();
    Config printed = ConfigFactory.parseString(out[0]);
    assertThat(printed.getInt("etl.target-fs-hz")).isEqualTo(500);
    assertThat(printed.getLong("etl.seed")).isEqualTo(8);
    assertThat(printed.getInt("etl.row-group-mb")).isEqualTo(16);
    assertThat(printed.getInt("etl.max-rows-per-file")).isEqualTo(500000);
    assertThat(printed.getString("spark.master")).isEqualTo("local[1]");
    assertThat(printed.root().keySet()).containsExactlyInAnyOrder("etl", "spark");
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
