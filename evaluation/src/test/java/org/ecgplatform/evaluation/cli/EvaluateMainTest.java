package org.ecgplatform.evaluation.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.ecgplatform.common.ConfigException;
import org.ecgplatform.evaluation.report.GateRule;
import org.ecgplatform.evaluation.metrics.ClassMapping;
import org.ecgplatform.evaluation.metrics.MatchSettings;
import org.ecgplatform.evaluation.spark.DetectionConfig;
import org.ecgplatform.evaluation.spark.EvaluateConfig;
import org.ecgplatform.evaluation.spark.FixtureDataset;
import org.ecgplatform.evaluation.spark.ScorerSpec;
import org.ecgplatform.testing.SharedSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

@ExtendWith(SharedSpark.class)
class EvaluateMainTest {
  @TempDir Path tmp;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(SparkSession spark, String... args) {
    return EvaluateMain.execute(spark, new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @Test
  void helpListsTheOptions(SparkSession spark) {
    assertThat(run(spark, "--help")).isZero();
    assertThat(out.toString()).contains("--model", "--dataset", "--output", "--baseline", "key=value", "3   regression gate failed",
        "--mode", "--test", "--test-annotator", "--reference", "--reference-annotator", "class-mapping");
  }

  @Test
  void unknownKeysAndBadValuesAreConfigErrorsNamingTheKey(SparkSession spark) {
    String[] base = {"--model", "m.echo.json", "--dataset", "d", "--output", "o", "--conf-dir", tmp.toString()};
    assertThat(run(spark, concat(base, "evaluation.colour=blue"))).isEqualTo(EvaluateMain.EXIT_USAGE);
    assertThat(err.toString()).contains("ERROR: Unknown configuration key evaluation.colour");
    assertThat(run(spark, concat(base, "evaluation.batch-size=many"))).isEqualTo(EvaluateMain.EXIT_USAGE);
    assertThat(err.toString()).contains("evaluation.batch-size");
    assertThat(run(spark, concat(base, "evaluation.gate.macro-f1.max-drop=-0.5"))).isEqualTo(EvaluateMain.EXIT_USAGE);
    assertThat(err.toString()).contains("evaluation.gate.macro-f1.max-drop");
    assertThat(run(spark, concat(base, "evaluation.gate.macro-f1.at-most=0.5"))).isEqualTo(EvaluateMain.EXIT_USAGE);
    assertThat(err.toString()).contains("evaluation.gate.macro-f1.at-most");
    assertThat(run(spark, concat(base, "evaluation.gate.macro-f2.max-drop=0.5"))).isEqualTo(EvaluateMain.EXIT_USAGE);
    assertThat(err.toString()).contains("evaluation.gate.macro-f2.max-drop", "macro-f1");
    assertThat(run(spark, concat(base, "split=val"))).isEqualTo(EvaluateMain.EXIT_USAGE);
    assertThat(err.toString()).contains("did you mean evaluation.split?");
    assertThat(run(spark, "--model", "m")).isEqualTo(EvaluateMain.EXIT_USAGE);
    assertThat(err.toString()).contains("Missing required options for --mode classification: --dataset, --output");
    assertThat(run(spark, "--mode", "detection", "--test", "t", "--output", "o")).isEqualTo(EvaluateMain.EXIT_USAGE);
    assertThat(err.toString()).contains("Missing required options for --mode detection: --test-annotator, --reference");
    assertThat(run(spark, "--mode", "detection", "--test", "t", "--test-annotator", "qrs", "--reference", "r", "--output", "o",
        "--model", "m")).isEqualTo(EvaluateMain.EXIT_USAGE);
    assertThat(err.toString()).contains("Option --model is not used with --mode detection");
    assertThat(run(spark, concat(base, "evaluation.class-mapping=ec57"))).isEqualTo(EvaluateMain.EXIT_USAGE);
    assertThat(err.toString()).contains("evaluation.class-mapping", "ec57", "aami, bxb");
    assertThat(run(spark, "--mode", "detection", "--test", "t", "--test-annotator", "qrs", "--reference", "r", "--output", "o",
        "detection.match-window-s=0")).isEqualTo(EvaluateMain.EXIT_USAGE);
    assertThat(err.toString()).contains("evaluation.detection.match-window-s");
  }

  @ParameterizedTest
  @CsvSource({
      "evaluation.gate.macroF1.maxDrop=0.02, evaluation.gate.macro-f1.max-drop",
      "evaluation.gate.accuracy.maxDrop=0.02, evaluation.gate.accuracy.max-drop",
      "evaluation.gate.vebFpr.max-rise=0.01, evaluation.gate.veb-fpr.max-rise",
      "evaluation.batchSize=64, evaluation.batch-size",
      "evaluation.report.topConfusions=2, evaluation.report.top-confusions"})
  void oldCamelCaseKeysNameTheirNewSpelling(String override, String renamed) {
    String old = override.substring(0, override.indexOf('='));
    assertThat(run(null, "--model", "m.echo.json", "--dataset", "d", "--output", "o", "--conf-dir", tmp.toString(), override))
        .isEqualTo(EvaluateMain.EXIT_USAGE);
    assertThat(err.toString()).contains("Unknown configuration key " + old + ": renamed to " + renamed);
  }

  @Test
  void configReadsOverridesOverReferenceDefaults() throws IOException {
    java.nio.file.Files.writeString(tmp.resolve("test.conf"), "evaluation { split = val, gate.kappa.max-drop = 0.05 }\n");
    EvaluateConfig c = config("--env", "test", "evaluation.batch-size=64", "evaluation.gate.f1-s.max-drop=0.03",
        "evaluation.history-dir=hdfs://nn:8020/ecg/history", "training.epochs=3");
    assertThat(c.split()).isEqualTo("val");
    assertThat(c.batchSize()).isEqualTo(64);
    assertThat(c.historyDir()).contains("hdfs://nn:8020/ecg/history");
    assertThat(c.gateRules()).contains(new GateRule("kappa", GateRule.Kind.MAX_DROP, 0.05),
        new GateRule("macroF1", GateRule.Kind.MAX_DROP, 0.01), new GateRule("f1S", GateRule.Kind.MAX_DROP, 0.03));
    assertThatThrownBy(() -> config("evaluation.annotator=a b"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("evaluation.annotator");
  }

  /** The evaluation config of a command line (environment files from {@code tmp}), without running it. */
  private EvaluateConfig config(String... overrides) {
    EvaluateMain m = new EvaluateMain(null);
    new CommandLine(m).parseArgs(concat(new String[] {"--model", "m", "--dataset", "d", "--output", "o", "--conf-dir",
        tmp.toString()}, overrides));
    return m.config(m.merged());
  }

  private com.typesafe.config.Config merged(String... overrides) {
    EvaluateMain m = new EvaluateMain(null);
    new CommandLine(m).parseArgs(concat(new String[] {"--model", "m", "--dataset", "d", "--output", "o", "--conf-dir",
        tmp.toString()}, overrides));
    return m.merged();
  }

  @Test
  void classMappingAndDetectionSettingsAreRead() {
    var merged = merged("evaluation.class-mapping=bxb", "evaluation.detection.start-s=300", "evaluation.detection.match-window-s=0.1");
    assertThat(EvaluateConfig.from(merged, "m", "d", "o", null).classMapping()).isEqualTo(ClassMapping.BXB);
    DetectionConfig d = DetectionConfig.from(merged, "t", "qrs", "r", "atr", "o");
    assertThat(d.settings()).isEqualTo(new MatchSettings(ClassMapping.BXB, 0.1, 300));
    var defaults = merged();
    assertThat(EvaluateConfig.from(defaults, "m", "d", "o", null).classMapping()).isEqualTo(ClassMapping.AAMI);
    assertThat(DetectionConfig.from(defaults, "t", "qrs", "r", "atr", "o").settings()).isEqualTo(MatchSettings.of(ClassMapping.AAMI));
  }

  @Test
  void exitsNonZeroWithTheReasonWhenTheGateFails(SparkSession spark) throws IOException {
    Path ds = tmp.resolve("dataset");
    FixtureDataset.write(spark, ds, FixtureDataset.SCHEMA, FixtureDataset.beats(40));
    ScorerSpec spec = ScorerSpec.of(FixtureDataset.SCHEMA);
    String good = FixtureDataset.writeModel(tmp, "good", spec, 10);
    String worse = FixtureDataset.writeModel(tmp, "worse", spec, 3);
    String first = tmp.resolve("runs/1").toUri().toString();
    assertThat(run(spark, "--model", good, "--dataset", ds.toUri().toString(), "--output", first, "evaluation.write-annotations=false"))
        .isEqualTo(EvaluateMain.EXIT_OK);
    assertThat(out.toString()).contains("160 beats of 4 records", "macroF1");
    int code = run(spark, "--model", worse, "--dataset", ds.toUri().toString(), "--output", tmp.resolve("runs/2").toUri().toString(),
        "--baseline", first, "evaluation.write-annotations=false");
    assertThat(code).isEqualTo(EvaluateMain.EXIT_GATE_FAILED);
    assertThat(err.toString()).contains("Regression gate failed", "macroF1 dropped from", "evaluation.gate.macro-f1.max-drop");
  }

  private static String[] concat(String[] a, String... b) {
    String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }
}
