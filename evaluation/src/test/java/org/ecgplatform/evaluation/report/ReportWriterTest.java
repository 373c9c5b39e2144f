package org.ecgplatform.evaluation.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.ecgplatform.common.ConfigException;
import org.ecgplatform.etl.io.HadoopFiles;
import org.ecgplatform.evaluation.metrics.ConfusionMatrix;
import org.ecgplatform.evaluation.metrics.EvaluationMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Round trips of every report file, written through Hadoop's local FileSystem. */
class ReportWriterTest {
  @TempDir java.nio.file.Path tmp;

  static EvaluationMetrics sample() {
    // record a: 40 N (2 called S), 10 V (1 called N); record b: 30 N, no ectopic beats
    ConfusionMatrix a = new ConfusionMatrix().add(0, 0, 38).add(0, 1, 2).add(2, 2, 9).add(2, 0, 1);
    ConfusionMatrix b = new ConfusionMatrix().add(0, 0, 30);
    return EvaluationMetrics.compute(Map.of("mitdb/100", a, "mitdb/101", b));
  }

  static HtmlReport.Content content(EvaluationMetrics m, List<MetricDelta> deltas, Optional<RegressionGate.Result> gate) {
    Map<String, String> run = new LinkedHashMap<>();
    run.put("model", "file:/models/m1");
    run.put("split", "test");
    List<ConfusionExample> ex =
        List.of(new ConfusionExample("N", "S", 2, List.of(new ConfusionExample.Beat("mitdb", "100", 3600, 10.0))));
    return new HtmlReport.Content("Evaluation <test>", run, m, HeatMap.png(m.overall(), "test"), ex, deltas, gate);
  }

  @Test
  void writesEveryFileAndReadsThemBack() throws IOException {
    FileSystem fs = FileSystem.getLocal(new Configuration());
    Path dir = new Path(tmp.toUri());
    EvaluationMetrics m = sample();
    List<Path> written = ReportWriter.write(fs, dir, content(m, List.of(), Optional.empty()));
    assertThat(written).hasSize(8);

    String cmJson = HadoopFiles.readString(new Path(dir, ReportWriter.CONFUSION_JSON), fs.getConf());
    assertThat(ConfusionMatrixFiles.overallFromJson(cmJson, "cm")).isEqualTo(m.overall());
    assertThat(ConfusionMatrixFiles.perRecordFromJson(cmJson, "cm")).isEqualTo(m.perRecord());

    String metricsJson = HadoopFiles.readString(new Path(dir, ReportWriter.METRICS_JSON), fs.getConf());
    JsonNode root = Json.parse(metricsJson, "metrics");
    // no S beat in the reference: SVEB Se is 0/0 and is written as null, with its counts
    assertThat(root.path("metrics").path("svebSe").isNull()).isTrue();
    assertThat(root.path("ec57").path("gross").path("svebSe").path("denominator").asLong()).isZero();
    assertThat(root.path("metrics").path("vebSe").asDouble()).isCloseTo(0.9, within(1e-12));
    assertThat(root.path("ec57").path("average").path("vebSe").path("records").asInt()).isEqualTo(1);
    assertThat(root.path("beats").asLong()).isEqualTo(80);
    Map<String, Double> flat = MetricsFiles.readFlat(metricsJson, "metrics");
    assertThat(flat.keySet()).isEqualTo(m.flat().keySet());
    assertThat(flat.get("svebSe")).isNaN();

    String cmCsv = HadoopFiles.readString(new Path(dir, ReportWriter.CONFUSION_CSV), fs.getConf());
    assertThat(cmCsv.lines().toList())
        .startsWith("reference,N,S,V,F,Q,class_mapping", "N,68,2,0,0,0,aami", "S,0,0,0,0,0,aami", "V,1,0,9,0,0,aami");
    String perRecord = HadoopFiles.readString(new Path(dir, ReportWriter.METRICS_PER_RECORD_CSV), fs.getConf());
    // record 101 has no V beats: VEB Se empty, FPR 0
    assertThat(perRecord.lines().toList()).contains("mitdb/101,30,1.000000,,,0.000000,,,0.000000,aami");
    assertThat(root.path("classMapping").asText()).isEqualTo("aami");
    assertThat(MetricsFiles.readClassMapping(metricsJson, "metrics")).isEqualTo(org.ecgplatform.evaluation.metrics.ClassMapping.AAMI);
    assertThat(MetricsFiles.readClassMapping("{\"metrics\": {}}", "old")).as("runs before the setting").isEqualTo(
        org.ecgplatform.evaluation.metrics.ClassMapping.AAMI);
    assertThat(HadoopFiles.readString(new Path(dir, ReportWriter.METRICS_CSV), fs.getConf()).lines().findFirst()).contains("metric,value,class_mapping");
    assertThat(HadoopFiles.readString(new Path(dir, ReportWriter.REPORT_HTML), fs.getConf())).contains("Class mapping: <b>aami</b>");

    byte[] png = HadoopFiles.readBytes(new Path(dir, ReportWriter.HEAT_MAP_PNG), fs.getConf());
    assertThat(png).startsWith(0x89, 'P', 'N', 'G');
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    assertThat(image.getWidth()).isEqualTo(HeatMap.WIDTH_PX);
    assertThat(image.getHeight()).isEqualTo(HeatMap.HEIGHT_PX);

    String html = HadoopFiles.readString(new Path(dir, ReportWriter.REPORT_HTML), fs.getConf());
    assertThat(html)
        .contains("<table id=\"confusion\">", "<table id=\"metrics\">", "<table id=\"records\">")
        .contains("data:image/png;base64,")
        .contains("mitdb/100 @ 0:00:10.000 (sample 3600)")
        // VEB Se: gross 9/10 over the pooled beats; average over the one record with V beats
        .contains("<tr><td class=\"l\">vebSe</td><td>0.9000</td><td>9/10</td><td>0.9000</td><td>1</td></tr>")
        .contains("Evaluation &lt;test&gt;")
        .doesNotContain("http://", "https://");
    assertThat(Files.exists(tmp.resolve(ReportWriter.GATE_JSON))).isFalse();
  }

  @Test
  void gateFailsNamingTheMetricAndPassesAnEqualRun() {
    RegressionGate gate =
        new RegressionGate(
            List.of(
                new GateRule("macroF1", GateRule.Kind.MAX_DROP, 0.01),
                new GateRule("vebFpr", GateRule.Kind.MAX_RISE, 0.005),
                new GateRule("svebSe", GateRule.Kind.MAX_DROP, 0.0)));
    Map<String, Double> base = Map.of("macroF1", 0.90, "vebFpr", 0.010, "svebSe", Double.NaN);
    assertThat(gate.check(base, base).passed()).isTrue();
    // within tolerance: drop 0.005 <= 0.01
    assertThat(gate.check(base, Map.of("macroF1", 0.895, "vebFpr", 0.012, "svebSe", 0.5)).passed()).isTrue();

    RegressionGate.Result worse = gate.check(base, Map.of("macroF1", 0.85, "vebFpr", 0.030, "svebSe", 0.1));
    assertThat(worse.passed()).isFalse();
    assertThat(worse.failures())
        .containsExactly(
            "macroF1 dropped from 0.9000 to 0.8500 (-0.0500; evaluation.gate.macro-f1.max-drop = 0.0100)",
            "vebFpr rose from 0.0100 to 0.0300 (+0.0200; evaluation.gate.veb-fpr.max-rise = 0.0050)");
    assertThat(worse.notes()).containsExactly("svebSe not gated: undefined in the baseline");
    assertThat(worse.message()).startsWith("Regression gate failed: macroF1 dropped from 0.9000 to 0.8500");

    RegressionGate.Result undefinedNow = gate.check(base, Map.of("macroF1", Double.NaN, "vebFpr", 0.01));
    assertThat(undefinedNow.failures()).containsExactly("macroF1 became undefined (baseline 0.9000)");
  }

  @Test
  void deltaTableAndGateFilesAreWrittenWithABaseline() throws IOException {
    FileSystem fs = FileSystem.getLocal(new Configuration());
    Path dir = new Path(tmp.toUri());
    EvaluationMetrics m = sample();
    Map<String, Double> base = new LinkedHashMap<>(m.flat());
    base.put("accuracy", 0.99);
    List<MetricDelta> deltas = RegressionGate.compare(base, m.flat());
    RegressionGate.Result r = new RegressionGate(List.of(new GateRule("accuracy", GateRule.Kind.MAX_DROP, 0.01))).check(base, m.flat());
    ReportWriter.write(fs, dir, content(m, deltas, Optional.of(r)));
    String delta = HadoopFiles.readString(new Path(dir, ReportWriter.DELTA_CSV), fs.getConf());
    // accuracy = (38 + 9 + 30) / 80 = 0.9625: delta = 0.9625 - 0.99 = -0.0275
    assertThat(delta.lines().toList()).contains("accuracy,0.990000,0.962500,-0.027500");
    assertThat(HadoopFiles.readString(new Path(dir, ReportWriter.GATE_JSON), fs.getConf())).contains("\"passed\" : false", "accuracy dropped");
    assertThat(HadoopFiles.readString(new Path(dir, ReportWriter.REPORT_HTML), fs.getConf())).contains("<table id=\"deltas\">", "class=\"fail\"");
  }

  @Test
  void gateRulesRejectUnknownMetricsAndNegativeTolerances() {
    assertThatThrownBy(() -> new GateRule("macroF2", GateRule.Kind.MAX_DROP, 0.01))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("evaluation.gate.macro-f2.max-drop");
    assertThatThrownBy(() -> new GateRule("kappa", GateRule.Kind.MAX_DROP, -1))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("evaluation.gate.kappa.max-drop");
  }

  @Test
  void historyCsvAppendsOneRowPerRun() throws IOException {
    FileSystem fs = FileSystem.getLocal(new Configuration());
    Path dir = new Path(tmp.toUri());
    Map<String, Double> metrics = sample().flat();
    Map<String, String> run = new LinkedHashMap<>(Map.of("run_id", "r1", "finished_utc", "t1", "model", "m", "dataset", "d", "split", "test", "beats", "80"));
    MetricsHistory.appendCsv(fs, dir, run, metrics);
    run.put("run_id", "r2");
    MetricsHistory.appendCsv(fs, dir, run, metrics);
    List<Map<String, String>> rows = MetricsHistory.readCsv(fs, dir);
    assertThat(rows).extracting(r -> r.get("run_id")).containsExactly("r1", "r2");
    assertThat(rows.get(1).get("accuracy")).isEqualTo("0.962500");
    assertThat(rows.get(1).get("svebSe")).isEmpty();
  }

  @Test
  void historyCsvGainsTheColumnsOfANewKindOfRun() throws IOException {
    FileSystem fs = FileSystem.getLocal(new Configuration());
    Path dir = new Path(tmp.toUri());
    // A row as written before the mode and class_mapping columns existed.
    HadoopFiles.writeString(new Path(dir, MetricsHistory.CSV_FILE),
        "run_id,finished_utc,model,dataset,split,beats,accuracy\nr0,t0,m,d,test,80,0.9\n", fs.getConf());
    Map<String, String> run = new LinkedHashMap<>(Map.of("run_id", "r1", "finished_utc", "t1", "model", "ann", "dataset", "ref",
        "split", "", "beats", "100", "mode", "detection", "class_mapping", "bxb"));
    MetricsHistory.appendCsv(fs, dir, run, Map.of("qrsSe", 0.98));
    List<Map<String, String>> rows = MetricsHistory.readCsv(fs, dir);
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0)).containsEntry("accuracy", "0.9").containsEntry("mode", "").containsEntry("qrsSe", "");
    assertThat(rows.get(1)).containsEntry("mode", "detection").containsEntry("class_mapping", "bxb")
        .containsEntry("qrsSe", "0.980000").containsEntry("accuracy", "");
  }
}
