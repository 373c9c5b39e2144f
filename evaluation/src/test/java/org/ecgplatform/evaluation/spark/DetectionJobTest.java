package org.ecgplatform.evaluation.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;
import org.ecgplatform.common.EcgPlatformException;
import org.ecgplatform.evaluation.cli.EvaluateMain;
import org.ecgplatform.evaluation.metrics.ClassMapping;
import org.ecgplatform.evaluation.metrics.DetectionStatistic;
import org.ecgplatform.evaluation.metrics.MatchSettings;
import org.ecgplatform.evaluation.report.DetectionReport;
import org.ecgplatform.evaluation.report.MetricsHistory;
import org.ecgplatform.evaluation.report.ReportWriter;
import org.ecgplatform.evaluation.report.SkippedRecord;
import org.ecgplatform.testing.SharedSpark;
import org.ecgplatform.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The detection mode end to end on local Spark: the perturbed annotations of {@code bxb-reference/}
 * scored against mitdb must give what PhysioNet's bxb and sumstats printed for them (the files
 * under {@code bxb-reference/expected/}), and every output must name the mode and the mapping.
 */
@ExtendWith(SharedSpark.class)
class DetectionJobTest {
  static final List<String> RECORDS = List.of("100", "105", "119", "201", "207", "208", "222", "232");

  @TempDir Path tmp;

  private static DetectionConfig config(Path test, Path reference, Path output, ClassMapping mapping) {
    DetectionConfig d = DetectionConfig.defaults(test.toUri().toString(), "tst", reference.toUri().toString(), output.toUri().toString());
    return new DetectionConfig(d.testUri(), d.testAnnotator(), d.referenceUri(), d.referenceAnnotator(), d.outputUri(),
        MatchSettings.of(mapping), d.historyDir());
  }

  @Test
  void scoresEveryRecordExactlyAsBxbAndSumstats(SparkSession spark) throws IOException {
    Path mitdb = TestData.require("mitdb");
    Path bxb = TestData.require("bxb-reference");
    Path expected = bxb.resolve("expected");
    Path out = tmp.resolve("runs").resolve("bxb");

    DetectionResult r = DetectionJob.run(spark, config(bxb, mitdb, out, ClassMapping.BXB));
    Path text = out.resolve("text-bxb");

    assertThat(r.summary().perRecord()).extracting(c -> c.record()).containsExactlyElementsOf(RECORDS);
    assertThat(Files.readString(text.resolve(DetectionReport.LINE_TXT))).isEqualTo(Files.readString(expected.resolve("bxb-L.txt")));
    assertThat(Files.readString(text.resolve(DetectionReport.SHUTDOWN_TXT))).isEqualTo(Files.readString(expected.resolve("bxb-S.txt")));
    assertThat(Files.readString(text.resolve(DetectionReport.SUMSTATS_TXT))).isEqualTo(Files.readString(expected.resolve("sumstats.txt")));
    for (String record : RECORDS) {
      assertThat(Files.readString(text.resolve(record + ".bxb.txt")))
          .as(record).isEqualTo(Files.readString(expected.resolve(record + ".bxb.txt")));
    }
    assertThat(Files.readString(text.resolve(DetectionReport.SUMSTATS_SHUTDOWN_TXT)))
        .contains("Sum     0    0    0    0    0", "Summary of results from 8 records");

    // the mitdb records without a test file are reported, not dropped
    assertThat(r.skipped()).hasSize(40);
    assertThat(r.skipped()).contains(new SkippedRecord("101", "no test annotation file 101.tst in " + bxb.toUri()));
    assertThat(Files.readAllLines(out.resolve(DetectionReport.SKIPPED_CSV))).hasSize(41).contains(
        "101,no test annotation file 101.tst in " + bxb.toUri() + ",bxb");

    JsonNode metrics = new ObjectMapper().readTree(out.resolve(ReportWriter.METRICS_JSON).toFile());
    assertThat(metrics.path("mode").asText()).isEqualTo("detection");
    assertThat(metrics.path("classMapping").asText()).isEqualTo("bxb");
    assertThat(metrics.path("run").path("class_mapping").asText()).isEqualTo("bxb");
    assertThat(metrics.path("gross").path("svebSe").path("numerator").asLong()).isEqualTo(1989);
    assertThat(metrics.path("gross").path("svebSe").path("denominator").asLong()).isEqualTo(2084);
    assertThat(metrics.path("perRecord").path("222").path("counts").path("Ss").asLong()).isEqualTo(411);
    assertThat(metrics.path("metrics").path("qrsSe").asDouble()).isEqualTo(r.summary().gross().get(DetectionStatistic.QRS_SE).value());
    assertThat(metrics.path("skipped")).hasSize(40);
    assertThat(Files.readAllLines(out.resolve(ReportWriter.METRICS_PER_RECORD_CSV)).get(0)).startsWith("record,reference_beats,test_beats,Nn'")
        .endsWith(",class_mapping");
    assertThat(Files.readAllLines(out.resolve(DetectionReport.MATRIX_CSV))).contains("O,127,31,19,4,0,,,bxb", "X,0,0,0,0,0,,,bxb");

    BufferedImage png = ImageIO.read(out.resolve(DetectionReport.HEAT_MAP_PNG).toFile());
    assertThat(png.getWidth()).isGreaterThanOrEqualTo(400);
    assertThat(Files.readString(out.resolve(ReportWriter.REPORT_HTML)))
        .contains("Class mapping: <b>bxb</b>", "<table id=\"tallies\">", "<table id=\"skipped\">", "data:image/png;base64,", "97.62");

    assertThat(out.resolve(RunOutput.SUCCESS)).exists();
    try (Stream<Path> siblings = Files.list(out.getParent())) {
      assertThat(siblings.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("bxb", "history");
    }

    // the same files under the AAMI mapping: 223 escape beats (e, j) move from S to N
    DetectionResult aami = DetectionJob.run(spark, config(bxb, mitdb, tmp.resolve("runs").resolve("aami"), ClassMapping.AAMI));
    assertThat(tmp.resolve("runs/aami/text-aami/sumstats.txt")).exists();
    assertThat(tmp.resolve("runs/aami/text-bxb")).doesNotExist();
    assertThat(aami.summary().gross().get(DetectionStatistic.SVEB_SE).denominator()).isEqualTo(2084 - 223);
    assertThat(aami.summary().gross().get(DetectionStatistic.QRS_SE)).isEqualTo(r.summary().gross().get(DetectionStatistic.QRS_SE));
    List<Map<String, String>> history = MetricsHistory.readCsv(FileSystem.getLocal(new Configuration()),
        new org.apache.hadoop.fs.Path(aami.historyDir()));
    assertThat(history).extracting(h -> h.get("mode") + "/" + h.get("class_mapping")).containsExactly("detection/bxb", "detection/aami");
    assertThat(history.get(0).get("beats")).isEqualTo("17873");
  }

  @Test
  void aRecordThatCannotBeReadIsQuarantinedAndTheRunGoesOn(SparkSession spark) throws IOException {
    Path mitdb = TestData.require("mitdb");
    Path bxb = TestData.require("bxb-reference");
    Path test = Files.createDirectories(tmp.resolve("test"));
    Files.copy(bxb.resolve("100.tst"), test.resolve("100.tst"));
    Files.write(test.resolve("101.tst"), new byte[] {1, (byte) 0xfc, 7}); // an AUX word with no annotation before it
    Files.write(test.resolve("xyz.tst"), new byte[0]);

    DetectionResult r = DetectionJob.run(spark, config(test, mitdb, tmp.resolve("out"), ClassMapping.AAMI));

    assertThat(r.summary().perRecord()).extracting(c -> c.record()).containsExactly("100");
    assertThat(r.skipped()).filteredOn(s -> s.record().equals("101")).singleElement()
        .satisfies(s -> assertThat(s.reason()).contains("101.tst"));
    assertThat(r.skipped()).filteredOn(s -> s.record().equals("xyz")).singleElement()
        .satisfies(s -> assertThat(s.reason()).startsWith("no reference annotation file xyz.atr"));
  }

  @Test
  void badInputsFailWithAClearMessage(SparkSession spark) throws IOException {
    Path mitdb = TestData.require("mitdb");
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    assertThatThrownBy(() -> DetectionJob.run(spark, config(empty, mitdb, tmp.resolve("o1"), ClassMapping.AAMI)))
        .isInstanceOf(EcgPlatformException.class)
        .hasMessageContaining("no record has both a reference file")
        .hasMessageContaining("0 found");
    assertThatThrownBy(() -> DetectionJob.run(spark, config(tmp.resolve("none"), mitdb, tmp.resolve("o2"), ClassMapping.AAMI)))
        .isInstanceOf(EcgPlatformException.class)
        .hasMessageContaining("no such directory (check --test)");
    assertThat(tmp.resolve("o1")).doesNotExist();
  }

  @Test
  void theCommandLineRunsTheDetectionMode(SparkSession spark) throws IOException {
    Path mitdb = TestData.require("mitdb");
    Path bxb = TestData.require("bxb-reference");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = EvaluateMain.execute(spark, new PrintWriter(out, true), new PrintWriter(err, true),
        "--mode", "detection", "--test", bxb.toString(), "--test-annotator", "tst", "--reference", mitdb.toString(),
        "--output", tmp.resolve("cli").toString(), "class-mapping=bxb", "--conf-dir", tmp.toString());
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString()).contains("8 records, 17873 reference beats, 40 records skipped", "class mapping bxb",
        "SVEB sensitivity", "95.44", "96.97", "skipped 101: no test annotation file", "and 35 more (records_skipped.csv)");
  }
}
