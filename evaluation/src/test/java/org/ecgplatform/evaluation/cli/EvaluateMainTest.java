package org.ecgplatform.evaluation.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
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
    String[] base = {"--model", "m.echo.json", "--dataset", "d", "--output", "o"};
    assertThat(run(spark, concat(base, "colour=blue"))).isEqualTo(EvaluateMain.EXIT_USAGE);
    assertThat(err.toString()).contains("Unknown configuration key evaluation.colour");
    assertThat(run(spark, concat(base, "batch-size=many"))).isEqualTo(EvaluateMain.EXIT_USAGE);
    assertThat(err.toString()).contains("batch-size");
    assertThat(run(spark, concat(base, "gate.macroF1.maxDrop=-0.5"))).isEqualTo(EvaluateMain.EXIT_USAGE);
    assertThat(err.toString()).contains("gate.macroF1.maxDrop");
    assertThat(run(spark, concat(base, "gate.macroF1.atMost=0.5"))).isEqualTo(EvaluateMain.EXIT_USAGE);
    assertThat(err.toString()).contains("evaluation.gate.macroF1.atMost");
    assertThat(run(spark, "--model", "m")).isEqualTo(EvaluateMain.EXIT_USAGE);
    assertThat(err.toString()).contains("Missing required options for --mode classification: --dataset, --output");
    assertThat(run(spark, "--mode", "detection", "--test", "t", "--output", "o")).isEqualTo(EvaluateMain.EXIT_USAGE);
    assertThat(err.toString()).contains("Missing required options for --mode detection: --test-annotator, --reference");
    assertThat(run(spark, "--mode", "detection", "--test", "t", "--test-annotator", "qrs", "--reference", "r", "--output", "o",
        "--model", "m")).isEqualTo(EvaluateMain.EXIT_USAGE);
    assertThat(err.toString()).contains("Option --model is not used with --mode detection");
    assertThat(run(spark, concat(base, "class-mapping=ec57"))).isEqualTo(EvaluateMain.EXIT_USAGE);
    assertThat(err.toString()).contains("evaluation.class-mapping", "ec57", "aami, bxb");
    assertThat(run(spark, "--mode", "detection", "--test", "t", "--test-annotator", "qrs", "--reference", "r", "--output", "o",
        "detection.match-window-s=0")).isEqualTo(EvaluateMain.EXIT_USAGE);
    assertThat(err.toString()).contains("evaluation.detection.match-window-s");
  }

  @Test
  void configReadsOverridesOverReferenceDefaults() {
    EvaluateConfig c = EvaluateConfig.from(EvaluateMain.loadConfig(List.of("split=val", "evaluation.batch-size=64", "gate.kappa.maxDrop=0.05", "history-dir=hdfs://nn:8020/ecg/history")), "m", "d", "o", null);
    assertThat(c.split()).isEqualTo("val");
    assertThat(c.batchSize()).isEqualTo(64);
    assertThat(c.historyDir()).contains("hdfs://nn:8020/ecg/history");
    assertThat(c.gateRules()).contains(new GateRule("kappa", GateRule.Kind.MAX_DROP, 0.05), new GateRule("macroF1", GateRule.Kind.MAX_DROP, 0.01));
    assertThatThrownBy(() -> EvaluateConfig.from(EvaluateMain.loadConfig(List.of("annotator=a b")), "m", "d", "o", null))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("evaluation.annotator");
  }

  @Test
  void classMappingAndDetectionSettingsAreRead() {
    var merged = EvaluateMain.loadConfig(List.of("class-mapping=bxb", "detection.start-s=300", "evaluation.detection.match-window-s=0.1"));
    assertThat(EvaluateConfig.from(merged, "m", "d", "o", null).classMapping()).isEqualTo(ClassMapping.BXB);
    DetectionConfig d = DetectionConfig.from(merged, "t", "qrs", "r", "atr", "o");
    assertThat(d.settings()).isEqualTo(new MatchSettings(ClassMapping.BXB, 0.1, 300));
    var defaults = EvaluateMain.loadConfig(List.of());
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
    assertThat(run(spark, "--model", good, "--dataset", ds.toUri().toString(), "--output", first, "write-annotations=false"))
        .isEqualTo(EvaluateMain.EXIT_OK);
    assertThat(out.toString()).contains("160 beats of 4 records", "macroF1");
    int code = run(spark, "--model", worse, "--dataset", ds.toUri().toString(), "--output", tmp.resolve("runs/2").toUri().toString(),
        "--baseline", first, "write-annotations=false");
    assertThat(code).isEqualTo(EvaluateMain.EXIT_GATE_FAILED);
    assertThat(err.toString()).contains("Regression gate failed", "macroF1 dropped from");
  }

  private static String[] concat(String[] a, String... b) {
    String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }
}
