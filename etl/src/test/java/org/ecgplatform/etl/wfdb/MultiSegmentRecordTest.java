package org.ecgplatform.etl.wfdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A variable-layout multi-segment record (layout segment of length 0, a null segment "~", a
 * segment lacking a signal), built with the writer; the fixed-layout case is the corpus's 041s.
 */
class MultiSegmentRecordTest {
  @TempDir Path tmp;

  @Test
  void variableLayoutWithANullSegmentAndAMissingSignal() throws IOException {
    LocalWfdbStorage storage = new LocalWfdbStorage(tmp);
    SignalDefinition a = new SignalDefinition("A", 200, 0, "mV", 12, 0);
    SignalDefinition b = new SignalDefinition("B", 100, 10, "mV", 12, 0);
    int[][] seg1 = new int[2][100];
    int[][] seg2 = new int[1][80];
    for (int i = 0; i < 100; i++) {
      seg1[0][i] = i;
      seg1[1][i] = -i;
    }
    for (int i = 0; i < 80; i++) {
      seg2[0][i] = 1000 + i;
    }
    WfdbWriter.write(storage, "seg1", 360, SignalFormat.FMT_212, List.of(a, b), seg1);
    WfdbWriter.write(storage, "seg2", 360, SignalFormat.FMT_16, List.of(b), seg2);
    Files.writeString(tmp.resolve("multi_layout.hea"),
        "multi_layout 2 360 0\n~ 0 200/mV 12 0 0 0 0 A\n~ 0 100(10)/mV 12 0 0 0 0 B\n");
    Files.writeString(tmp.resolve("multi.hea"),
        "multi/4 2 360 230\r\nmulti_layout 0\r\nseg1 100\r\n~ 50\r\nseg2 80\r\n# variable layout\r\n");

    WfdbRecord rec = WfdbRecord.open(storage, "multi");
    assertThat(rec.header().isMultiSegment()).isTrue();
    assertThat(rec.header().descriptions()).containsExactly("A", "B");
    assertThat(rec.availableFrames()).isEqualTo(230);
    int[][] d = rec.readDigital(95, 185);
    int inv = SignalFormat.WFDB_INVALID_SAMPLE;
    assertThat(d[0]).startsWith(95, 96, 97, 98, 99, inv);
    assertThat(d[0][89]).isEqualTo(inv); // signal A is absent from seg2
    assertThat(d[1]).startsWith(-95, -96, -97, -98, -99, inv);
    assertThat(d[1][54]).isEqualTo(inv);
    assertThat(d[1][55]).isEqualTo(1000); // frame 150: first of seg2
    assertThat(d[1][89]).isEqualTo(1034);
    assertThat(rec.readPhysical(150, 151, 1)[0][0]).isEqualTo((1000 - 10) / 100f);
    assertThat(rec.readPhysical(120, 121, 1)[0][0]).isNaN();
    assertThat(rec.verifyChecksums()).hasSize(3).allMatch(ChecksumResult::ok);
    assertThatThrownBy(() -> rec.readDigital(0, 231)).isInstanceOf(WfdbSignalException.class)
        .hasMessageContaining("230 frames");

    // A segment line claiming far more frames than the segment holds: refused before allocating.
    Files.writeString(tmp.resolve("big.hea"), "big/1 2 360\nseg1 1000000000\n");
    WfdbRecord big = WfdbRecord.open(storage, "big");
    assertThat(big.header().nSamples()).isEqualTo(1_000_000_000L);
    assertThat(big.availableFrames()).isEqualTo(100);
    assertThatThrownBy(() -> big.readDigital(0, 1_000_000_000L)).isInstanceOf(WfdbSignalException.class)
        .hasMessageContaining("segment seg1 holds only 100 of its 1000000000 frames");
  }
}
