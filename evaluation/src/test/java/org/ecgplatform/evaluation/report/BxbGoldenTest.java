package org.ecgplatform.evaluation.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ecgplatform.etl.wfdb.Annotations;
import org.ecgplatform.etl.wfdb.LocalWfdbStorage;
import org.ecgplatform.etl.wfdb.WfdbHeader;
import org.ecgplatform.etl.wfdb.WfdbRecord;
import org.ecgplatform.evaluation.metrics.BeatClass;
import org.ecgplatform.evaluation.metrics.BeatMatcher;
import org.ecgplatform.evaluation.metrics.ClassMapping;
import org.ecgplatform.evaluation.metrics.DetectionStatistic;
import org.ecgplatform.evaluation.metrics.DetectionSummary;
import org.ecgplatform.evaluation.metrics.MatchSettings;
import org.ecgplatform.evaluation.metrics.Ratio;
import org.ecgplatform.evaluation.metrics.RecordComparison;
import org.ecgplatform.testing.TestData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Golden test against PhysioNet's WFDB 10.7 tools: the perturbed test annotations of {@code
 * bxb-reference/} scored against mitdb's reference annotations must print exactly what these
 * commands printed (files under {@code bxb-reference/expected/}):
 *
 * <pre>
 * bxb -r &lt;record&gt; -a atr tst -f 0                  &gt; &lt;record&gt;.bxb.txt
 * bxb -r &lt;record&gt; -a atr tst -f 0 -L bxb-L.txt bxb-S.txt   (the eight records in turn)
 * sumstats bxb-L.txt                                &gt; sumstats.txt
 * </pre>
 *
 * Every matrix cell, count and percentage is compared as printed text, under the {@code bxb}
 * class mapping (the standard report merges S into N, so it is the same under both mappings).
 */
class BxbGoldenTest {
  static final List<String> RECORDS = List.of("100", "105", "119", "201", "207", "208", "222", "232");

  private static Path mitdb;
  private static Path reference;

  @BeforeAll
  static void data() {
    mitdb = TestData.require("mitdb");
    reference = TestData.require("bxb-reference");
  }

  static RecordComparison compare(Path mitdb, Path testDir, String record, ClassMapping mapping) {
    LocalWfdbStorage db = new LocalWfdbStorage(mitdb);
    WfdbHeader header = WfdbRecord.open(db, record).header();
    return BeatMatcher.compare(record, Annotations.read(db, record, "atr"),
        Annotations.read(new LocalWfdbStorage(testDir), record, "tst"), header.fsHz(), header.nSamples(),
        MatchSettings.of(mapping));
  }

  private static List<RecordComparison> all(ClassMapping mapping) {
    List<RecordComparison> out = new ArrayList<>();
    for (String r : RECORDS) {
      out.add(compare(mitdb, reference, r, mapping));
    }
    return out;
  }

  private static String expected(String file) throws IOException {
    return Files.readString(reference.resolve("expected").resolve(file));
  }

  @ParameterizedTest
  @ValueSource(strings = {"100", "105", "119", "201", "207", "208", "222", "232"})
  void standardReportIsBxbs(String record) throws IOException {
    for (ClassMapping mapping : ClassMapping.values()) {
      assertThat(BxbText.standardReport(compare(mitdb, reference, record, mapping), "atr", "tst"))
          .as("bxb -r %s -a atr tst -f 0 (mapping %s)", record, mapping)
          .isEqualTo(expected(record + ".bxb.txt"));
    }
  }

  @Test
  void lineFormatTablesAreBxbs() throws IOException {
    List<RecordComparison> records = all(ClassMapping.BXB);
    assertThat(BxbText.lineTable(records)).isEqualTo(expected("bxb-L.txt"));
    assertThat(BxbText.shutdownTable(records)).isEqualTo(expected("bxb-S.txt"));
  }

  @Test
  void underAamiTheEscapeBeatsMoveFromSToN() {
    // Reference e and j beats (mitdb .atr): 201 has 10 j, 222 has 212 j, 232 has 1 j; the others none.
    java.util.Map<String, Integer> escapes = java.util.Map.of("201", 10, "222", 212, "232", 1);
    for (String record : RECORDS) {
      var bxb = compare(mitdb, reference, record, ClassMapping.BXB).matrix();
      var aami = compare(mitdb, reference, record, ClassMapping.AAMI).matrix();
      int moved = escapes.getOrDefault(record, 0);
      assertThat(bxb.referenceTotal(BeatClass.S) - aami.referenceTotal(BeatClass.S)).as(record).isEqualTo(moved);
      assertThat(aami.referenceTotal(BeatClass.N) - bxb.referenceTotal(BeatClass.N)).as(record).isEqualTo(moved);
      assertThat(aami.withSvebAsNormal()).as("standard report of %s", record).isEqualTo(bxb.withSvebAsNormal());
    }
    DetectionSummary bxb = DetectionSummary.of(ClassMapping.BXB, all(ClassMapping.BXB));
    DetectionSummary aami = DetectionSummary.of(ClassMapping.AAMI, all(ClassMapping.AAMI));
    assertThat(bxb.gross().get(DetectionStatistic.SVEB_SE)).isEqualTo(new Ratio(1989, 2084));
    assertThat(aami.gross().get(DetectionStatistic.SVEB_SE).denominator()).isEqualTo(2084 - 223);
    assertThat(aami.gross().get(DetectionStatistic.VEB_SE)).isEqualTo(bxb.gross().get(DetectionStatistic.VEB_SE));
  }

  @Test
  void grossAndAverageAreSumstats() throws IOException {
    DetectionSummary summary = DetectionSummary.of(ClassMapping.BXB, all(ClassMapping.BXB));
    assertThat(BxbText.sumstats(summary)).isEqualTo(expected("sumstats.txt"));
  }
}
