package org.ecgplatform.etl.wfdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.ecgplatform.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Golden tests against WFDB 10.7 (the C reference implementation) on the wfdb-formats corpus.
 * Samples: {@code rdsamp -r <record> -v -H > expected/<record>.samples.tsv}; annotations:
 * {@code rdann -r <record> -a <annotator> -v > expected/<record>.<annotator>.ann.tsv}.
 */
class WfdbGoldenTest {

  static Stream<String> sampleRecords() throws IOException {
    Path expected = TestData.require("wfdb-formats").resolve("expected");
    try (Stream<Path> files = Files.list(expected)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".samples.tsv.gz"))
          .map(n -> n.substring(0, n.length() - ".samples.tsv.gz".length())).sorted().toList().stream();
    }
  }

  static Stream<Arguments> annotationFiles() throws IOException {
    Path expected = TestData.require("wfdb-formats").resolve("expected");
    try (Stream<Path> files = Files.list(expected)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".ann.tsv.gz")).sorted()
          .map(n -> n.substring(0, n.length() - ".ann.tsv.gz".length()))
          .map(n -> Arguments.of(n.substring(0, n.lastIndexOf('.')), n.substring(n.lastIndexOf('.') + 1))).toList().stream();
    }
  }

  /** Reference: {@code rdsamp -r <record> -v -H}, WFDB 10.7. */
  @ParameterizedTest
  @MethodSource("sampleRecords")
  void samplesEqualRdsamp(String record) throws IOException {
    Path dir = TestData.require("wfdb-formats");
    long[][] rows = GoldenFiles.samples(dir.resolve("expected/" + record + ".samples.tsv.gz"));
    WfdbRecord rec = WfdbRecord.open(new LocalWfdbStorage(dir), record);
    WfdbHeader h = rec.header();
    int hi = h.maxSampsPerFrame();
    long frames = rec.availableFrames();
    assertThat(frames * hi).as("rows rdsamp printed").isEqualTo(rows.length);
    int[][] digital = rec.readDigital(0, frames);
    for (int r = 0; r < rows.length; r++) {
      assertThat(rows[r][0]).isEqualTo(r);
      long f = r / hi;
      int sub = r % hi;
      for (int s = 0; s < h.nSignals(); s++) {
        int spf = h.signals().get(s).sampsPerFrame();
        int v = digital[s][(int) (f * spf + (long) sub * spf / hi)];
        if (v != rows[r][s + 1]) {
          assertThat(v).as("record %s row %d signal %d", record, r, s).isEqualTo(rows[r][s + 1]);
        }
      }
    }
  }

  /** Any range read alone (seeking into packed blocks, skews, frames, FLAC) equals that slice of a whole read. */
  @ParameterizedTest
  @MethodSource("sampleRecords")
  void rangesEqualSlicesOfTheWholeRecord(String record) {
    WfdbRecord rec = WfdbRecord.open(new LocalWfdbStorage(TestData.require("wfdb-formats")), record);
    long frames = rec.availableFrames();
    int[][] whole = rec.readDigital(0, frames);
    java.util.Random random = new java.util.Random(record.hashCode());
    for (int k = 0; k < 20; k++) {
      long from = random.nextInt((int) frames);
      long to = Math.min(frames, from + 1 + random.nextInt(50));
      int s = random.nextInt(rec.header().nSignals());
      int spf = rec.header().signals().get(s).sampsPerFrame();
      int[] part = rec.readDigital(from, to, s)[0];
      assertThat(part).as("%s frames [%d, %d) signal %d", record, from, to, s)
          .isEqualTo(java.util.Arrays.copyOfRange(whole[s], (int) (from * spf), (int) (to * spf)));
    }
  }

  /** Reference: {@code rdann -r <record> -a <annotator> -v}, WFDB 10.7. */
  @ParameterizedTest
  @MethodSource("annotationFiles")
  void annotationsEqualRdann(String record, String annotator) throws IOException {
    Path dir = TestData.require("wfdb-formats");
    List<String> expected = GoldenFiles.annotations(dir.resolve("expected/" + record + "." + annotator + ".ann.tsv.gz"));
    List<String> actual = Annotations.read(new LocalWfdbStorage(dir), record, annotator).stream()
        .map(GoldenFiles::format).toList();
    assertThat(actual).containsExactlyElementsOf(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1003", "12726"})
  void missingSignalFileIsAClearError(String record) {
    WfdbRecord rec = WfdbRecord.open(new LocalWfdbStorage(TestData.require("wfdb-formats")), record);
    assertThatThrownBy(() -> rec.readDigital(0, 10))
        .isInstanceOf(WfdbSignalException.class)
        .hasMessageContaining("does not exist")
        .hasMessageContaining(record + ".dat")
        .satisfies(e -> assertThat(((WfdbException) e).record()).isEqualTo(record));
  }

  @Test
  void flacConstantRecordStreamsInChunks() {
    WfdbRecord rec = WfdbRecord.open(new LocalWfdbStorage(TestData.require("wfdb-formats")), "flac_3_constant");
    long frames = rec.header().nSamples();
    assertThat(frames).isEqualTo(5_600_000L);
    int[] expected = {25, 50, 75};
    long seen = 0;
    try (SignalReader reader = rec.reader()) {
      assertThat(reader.availableFrames()).isEqualTo(frames);
      int chunk = 1 << 16;
      for (long at = 0; at < frames; at += chunk) {
        int[][] part = reader.read(at, Math.min(frames, at + chunk));
        for (int s = 0; s < 3; s++) {
          for (int v : part[s]) {
            if (v != expected[s]) {
              assertThat(v).as("signal %d near frame %d", s, at).isEqualTo(expected[s]);
            }
          }
        }
        seen += part[0].length;
      }
    }
    assertThat(seen).isEqualTo(frames);
  }

  @Test
  void headerFieldsOfTheCorpus() {
    LocalWfdbStorage storage = new LocalWfdbStorage(TestData.require("wfdb-formats"));
    WfdbHeader h = WfdbRecord.open(storage, "03700181").header();
    assertThat(h.fsHz()).isEqualTo(125.0);
    assertThat(h.baseTime()).isEqualTo("17:27:45");
    assertThat(h.baseDate()).isEqualTo("15/08/1994");
    SignalSpec abp = h.signals().get(1);
    assertThat(abp.adcGain()).isEqualTo(12.84);
    assertThat(abp.baseline()).isEqualTo(-1605);
    assertThat(abp.units()).isEqualTo("mmHg");
    assertThat(h.signals().get(0).sampsPerFrame()).isEqualTo(4);
    assertThat(h.signals().get(2).skew()).isEqualTo(4);
    WfdbHeader m = WfdbRecord.open(storage, "mixedsignals").header();
    assertThat(m.fsHz()).isEqualTo(62.4725);
    assertThat(m.counterFrequencyHz()).isEqualTo(999.56);
    WfdbHeader t = WfdbRecord.open(storage, "test01_00s").header();
    assertThat(t.info()).containsEntry("age", "25").containsEntry("sex", "M").containsEntry("medications", "(none)");
    assertThat(WfdbRecord.open(storage, "s0010_re").header().info()).containsEntry("age", "81").containsEntry("sex", "female");
    WfdbHeader w = WfdbRecord.open(storage, "12726").header();
    assertThat(w.counterFrequencyHz()).isEqualTo(24000.0);
    assertThat(WfdbRecord.open(storage, "3000003_0003").header().baseTime()).isEqualTo("19:46:25.757");
    WfdbHeader seg = WfdbRecord.open(storage, "041s").header();
    assertThat(seg.isMultiSegment()).isTrue();
    assertThat(seg.segments()).extracting(Segment::recordName).containsExactly("041s01", "041s02");
    assertThat(seg.nSignals()).isEqualTo(7);
  }

  @Test
  void checksumsOfTheCorpusMatchTheirHeaders() {
    LocalWfdbStorage storage = new LocalWfdbStorage(TestData.require("wfdb-formats"));
    for (String r : List.of("binformats", "test01_00s", "s0010_re", "v102s", "p10143", "310derive", "311derive",
        "100_3chan", "flacformats", "041s")) {
      List<ChecksumResult> results = WfdbRecord.open(storage, r).verifyChecksums();
      assertThat(results).as(r).isNotEmpty().allSatisfy(c -> assertThat(c.ok()).as(r + " " + c).isTrue());
      // Every corpus header gives length and checksums: the library compares them (but in a multi-segment record).
      assertThat(results).extracting(ChecksumResult::check).as(r).containsOnly(r.equals("041s")
          ? ChecksumResult.Check.LENGTH_ONLY : ChecksumResult.Check.LENGTH_AND_CHECKSUM);
    }
  }
}
