package org.ecgplatform.etl.synth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ecgplatform.etl.wfdb.Annotation;
import org.ecgplatform.etl.wfdb.Annotations;
import org.ecgplatform.etl.wfdb.LocalWfdbStorage;
import org.ecgplatform.etl.wfdb.SignalFormat;
import org.ecgplatform.etl.wfdb.WfdbHeader;
import org.ecgplatform.etl.wfdb.WfdbRecord;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Round trip through the platform's WFDB reader: what is read back is exactly what was generated. */
class SynthWfdbTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(ints = {212, 16})
  void recordReadsBackExactly(int format) {
    SynthConfig config = SynthConfig.defaultConfig().with(SynthConfig.DURATION_S, 120).with(SynthConfig.FORMAT, format)
        .with(SynthConfig.FRACTION_V, 0.1).with(SynthConfig.FRACTION_S, 0.1).with(SynthConfig.FRACTION_F, 0.05);
    SynthRecord record = new SyntheticEcgGenerator(config).generate(7);
    LocalWfdbStorage storage = new LocalWfdbStorage(dir);
    SynthWfdb.write(record, storage);

    WfdbRecord read = WfdbRecord.open(storage, record.name());
    WfdbHeader header = read.header();
    assertThat(read.availableFrames()).isEqualTo(record.samplesPerLead());
    assertThat(header.fsHz()).isEqualTo(360.0);
    assertThat(header.nSignals()).isEqualTo(2);
    assertThat(header.signals()).allSatisfy(spec -> {
      assertThat(spec.adcGain()).isEqualTo(200.0);
      assertThat(spec.baseline()).isZero();
    });
    assertThat(header.descriptions()).containsExactlyElementsOf(record.leadNames());
    int[][] digital = read.readDigital(0, record.samplesPerLead(), 0, 1);
    assertThat(digital).isDeepEqualTo(record.digitalSignal());
    assertThat(read.verifyChecksums()).allSatisfy(c -> assertThat(c.ok()).isTrue());

    float[][] physical = read.readPhysical(0, 1000, 0);
    assertThat(physical[0][500]).isEqualTo((float) (record.digitalSignal()[0][500] / 200.0));

    List<Annotation> annotations = Annotations.read(storage, record.name(), SynthWfdb.ANNOTATOR);
    assertThat(annotations).hasSameSizeAs(record.beats());
    for (int i = 0; i < annotations.size(); i++) {
      SynthBeat beat = record.beats().get(i);
      assertThat(annotations.get(i).sample()).isEqualTo(beat.sample());
      assertThat(annotations.get(i).symbol()).isEqualTo(String.valueOf(beat.type().mitSymbol()));
    }
    assertThat(annotations).extracting(Annotation::symbol).contains("N", "V", "A", "F");
    assertThat(record.format()).isEqualTo(SignalFormat.ofCode(format).orElseThrow());
  }

  @Test
  void recordsFileListsTheRecords() throws Exception {
    SynthWfdb.writeRecordsFile(new LocalWfdbStorage(dir), List.of("s0000", "s0001"));
    assertThat(Files.readAllLines(dir.resolve("RECORDS"))).containsExactly("s0000", "s0001");
  }
}
