package org.ecgplatform.etl.wfdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.ecgplatform.testing.TestData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The 48 records of the MIT-BIH Arrhythmia Database: every signal matches its header's checksum
 * and initial value, and the beat counts per symbol equal {@code mitdb/MANIFEST.csv} (which
 * equals the database's own {@code mitdbdir/tables.htm}).
 */
class MitdbTest {
  private static Path dir;
  private static List<String[]> manifest;

  @BeforeAll
  static void load() throws IOException {
    dir = TestData.require("mitdb");
    List<String> lines = Files.readAllLines(dir.resolve("MANIFEST.csv"));
    assertThat(lines.get(0)).startsWith("record,fs,n_samples,n_signals,signals,format,checksum_sig0,checksum_sig1,"
        + "initval_sig0,initval_sig1,n_annotations,n_beats,beat_types");
    manifest = lines.subList(1, lines.size()).stream().map(l -> l.split(",")).toList();
    assertThat(manifest).hasSize(48);
  }

  @Test
  void everySignalMatchesItsHeaderChecksumAndInitialValue() {
    LocalWfdbStorage storage = new LocalWfdbStorage(dir);
    int signals = 0;
    for (String[] row : manifest) {
      WfdbRecord rec = WfdbRecord.open(storage, row[0]);
      WfdbHeader h = rec.header();
      assertThat(h.fsHz()).isEqualTo(Double.parseDouble(row[1]));
      assertThat(h.nSamples()).isEqualTo(Long.parseLong(row[2]));
      assertThat(h.signals()).extracting(SignalSpec::description).containsExactly(row[4].split("\\|"));
      List<ChecksumResult> results = rec.requireValidChecksums();
      assertThat(results).extracting(ChecksumResult::actualChecksum)
          .containsExactly(Integer.parseInt(row[6]), Integer.parseInt(row[7]));
      assertThat(results).extracting(ChecksumResult::actualInitValue)
          .containsExactly(Integer.parseInt(row[8]), Integer.parseInt(row[9]));
      signals += results.size();
    }
    assertThat(signals).isEqualTo(96);
  }

  @Test
  void beatCountsPerSymbolEqualTheManifest() {
    LocalWfdbStorage storage = new LocalWfdbStorage(dir);
    long beats = 0;
    long annotations = 0;
    for (String[] row : manifest) {
      List<Annotation> anns = Annotations.read(storage, row[0], "atr");
      Map<String, Long> counts = new TreeMap<>(anns.stream().filter(Annotation::isBeat)
          .collect(Collectors.groupingBy(Annotation::symbol, Collectors.counting())));
      Map<String, Long> expected = new TreeMap<>();
      for (String kv : row[12].split(" ")) {
        int colon = kv.lastIndexOf(':');
        expected.put(kv.substring(0, colon), Long.parseLong(kv.substring(colon + 1)));
      }
      assertThat(counts).as("record %s", row[0]).isEqualTo(expected);
      assertThat(anns).as("record %s", row[0]).hasSize(Integer.parseInt(row[10]));
      beats += counts.values().stream().mapToLong(Long::longValue).sum();
      annotations += anns.size();
    }
    assertThat(beats).isEqualTo(109_494L);
    assertThat(annotations).isEqualTo(112_647L);
  }

  @Test
  void aSampleRangeIsReadWithoutTheRestOfTheRecord() {
    WfdbRecord rec = WfdbRecord.open(new LocalWfdbStorage(dir), "100");
    int[][] whole = rec.readDigital(0, 650_000);
    // An odd start in format 212 begins inside a 3-byte pair.
    int[][] part = rec.readDigital(123_457, 123_467, 1);
    assertThat(part).hasDimensions(1, 10);
    for (int i = 0; i < 10; i++) {
      assertThat(part[0][i]).isEqualTo(whole[1][123_457 + i]);
    }
    float[][] mv = rec.readPhysical(0, 1, 0);
    assertThat(mv[0][0]).isEqualTo((995 - 1024) / 200f);
    assertThat(rec.header().signals().get(0).units()).isEqualTo("mV");
  }
}
