package org.ecgplatform.etl.wfdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ecgplatform.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What the writers write, the readers read back identically. */
class WfdbRoundTripTest {
  @TempDir Path tmp;

  private static final List<SignalDefinition> THREE = List.of(
      new SignalDefinition("MLII", 200, 1024, "mV", 11, 1024),
      new SignalDefinition("ABP", 12.84, -1605, "mmHg", 12, 0),
      new SignalDefinition("resp with spaces", 1000, 0, "NU", 12, 0));

  /** Three signals within the format's range: a sine, a ramp, and one with invalid samples (but in format 8). */
  private static int[][] signalsFor(SignalFormat format, int n) {
    int amp = Math.min(900, format.maxValue() * 3 / 4);
    int[][] data = new int[3][n];
    for (int i = 0; i < n; i++) {
      data[0][i] = (int) (amp * Math.sin(i / 7.0));
      if (format == SignalFormat.FMT_8) { // first differences: slopes of at most 127 per sample
        data[1][i] = (int) (5000 * Math.cos(i / 50.0));
        data[2][i] = -20_000 + i;
      } else {
        data[1][i] = -amp + (i * 37) % (2 * amp);
        data[2][i] = i % 100 == 0 ? format.invalidValue() : (i * 13) % amp - amp / 2;
      }
    }
    return data;
  }

  @ParameterizedTest
  @EnumSource(value = SignalFormat.class, names = {"NULL", "FLAC_508", "FLAC_516", "FLAC_524"},
      mode = EnumSource.Mode.EXCLUDE)
  void everyWritableFormatReadsBackWithItsChecksums(SignalFormat format) {
    int n = 1001; // 3 signals x 1001 frames: an odd number of 212 samples
    int[][] data = signalsFor(format, n);
    LocalWfdbStorage storage = new LocalWfdbStorage(tmp);
    WfdbHeader h = WfdbWriter.write(storage, "synth", 250.0, format, THREE, data);
    assertThat(h.nSamples()).isEqualTo(n);
    assertThat(h.signals()).extracting(SignalSpec::format).containsOnly(format);
    assertThat(h.signals().get(1).adcGain()).isEqualTo(12.84);
    assertThat(h.signals().get(1).baseline()).isEqualTo(-1605);
    assertThat(h.signals().get(2).description()).isEqualTo("resp with spaces");
    WfdbRecord rec = WfdbRecord.open(storage, "synth");
    assertThat(rec.availableFrames()).isEqualTo(n);
    assertThat(rec.readDigital(0, n)).isDeepEqualTo(data);
    assertThat(rec.requireValidChecksums()).hasSize(3)
        .allSatisfy(c -> assertThat(c.check()).isEqualTo(ChecksumResult.Check.LENGTH_AND_CHECKSUM));
    if (format != SignalFormat.FMT_8) {
      assertThat(rec.readPhysical(0, 1, 2)[0][0]).isNaN();
    }
  }

  /**
   * Appends of 5 frames of 2 signals: packing blocks (212 pairs, 310 and 311 triples) span
   * appends, and the record ends inside a block, which is flushed as WFDB's writer flushes it.
   */
  @ParameterizedTest
  @EnumSource(value = SignalFormat.class, names = {"NULL", "FLAC_508", "FLAC_516", "FLAC_524"},
      mode = EnumSource.Mode.EXCLUDE)
  void blocksSpanAppendsAndAPartialLastBlockIsFlushed(SignalFormat format) {
    int n = 1001; // 2002 samples: one sample past the last whole 310/311 block
    int[][] data = java.util.Arrays.copyOf(signalsFor(format, n), 2);
    LocalWfdbStorage storage = new LocalWfdbStorage(tmp);
    try (WfdbWriter w = WfdbWriter.create(storage, "chunks", 360.0, format, THREE.subList(0, 2))) {
      for (int at = 0; at < n; at += 5) {
        int to = Math.min(n, at + 5);
        w.append(new int[][] {java.util.Arrays.copyOfRange(data[0], at, to), java.util.Arrays.copyOfRange(data[1], at, to)});
      }
    }
    WfdbRecord rec = WfdbRecord.open(storage, "chunks");
    assertThat(rec.readDigital(0, n)).isDeepEqualTo(data);
    assertThat(rec.requireValidChecksums()).hasSize(2);
  }

  @ParameterizedTest
  @EnumSource(value = SignalFormat.class, names = {"FMT_16", "FMT_212", "FMT_24", "FMT_61", "FMT_160"})
  void mitdbRecordCopiesIdentically(SignalFormat format) {
    LocalWfdbStorage mitdb = new LocalWfdbStorage(TestData.require("mitdb"));
    WfdbRecord source = WfdbRecord.open(mitdb, "208");
    LocalWfdbStorage out = new LocalWfdbStorage(tmp);
    // Chunks of an odd length: a 212 pair spans two appends.
    WfdbHeader h = WfdbWriter.copy(source, out, "208copy", format, 99_999);
    WfdbRecord copy = WfdbRecord.open(out, "208copy");
    assertThat(copy.readDigital(0, 650_000)).isDeepEqualTo(source.readDigital(0, 650_000));
    for (int s = 0; s < 2; s++) {
      assertThat(h.signals().get(s).checksum()).isEqualTo(source.header().signals().get(s).checksum());
      assertThat(h.signals().get(s).initValue()).isEqualTo(source.header().signals().get(s).initValue());
    }
    assertThat(copy.requireValidChecksums()).allMatch(ChecksumResult::ok);
  }

  /** Format 8 (first differences) with two signals, one of them at two samples per frame. */
  @Test
  void firstDifferenceFilesIntegratePerSignalAndSeek() throws Exception {
    int frames = 300_000; // more than one decoding chunk
    int[] a = new int[frames];
    int[] b = new int[2 * frames];
    java.io.ByteArrayOutputStream dat = new java.io.ByteArrayOutputStream();
    java.util.Random random = new java.util.Random(5);
    int va = 100;
    int vb = -50;
    for (int f = 0; f < frames; f++) {
      int da = random.nextInt(255) - 127;
      va += da;
      a[f] = va;
      dat.write(da);
      for (int k = 0; k < 2; k++) {
        int db = random.nextInt(255) - 127;
        vb += db;
        b[2 * f + k] = vb;
        dat.write(db);
      }
    }
    java.nio.file.Files.write(tmp.resolve("f8.dat"), dat.toByteArray());
    java.nio.file.Files.writeString(tmp.resolve("f8.hea"),
        "f8 2 100 " + frames + "\nf8.dat 8 200 12 0 100 0 0 a\nf8.dat 8x2 200 12 0 -50 0 0 b\n");
    WfdbRecord rec = WfdbRecord.open(new LocalWfdbStorage(tmp), "f8");
    int[][] whole = rec.readDigital(0, frames);
    assertThat(whole[0]).isEqualTo(a);
    assertThat(whole[1]).isEqualTo(b);
    try (SignalReader reader = rec.reader(1)) {
      assertThat(reader.read(250_000, 250_003)[0]).containsExactly(java.util.Arrays.copyOfRange(b, 500_000, 500_006));
      assertThat(reader.read(10, 11)[0]).containsExactly(b[20], b[21]); // backwards: restarts from the top
    }
  }

  /** The writer writes byte for byte what WFDB's writer wrote: each binformats signal, re-encoded. */
  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9})
  void writerWritesTheBytesWfdbWrote(int signal) throws Exception {
    Path corpus = TestData.require("wfdb-formats");
    WfdbRecord original = WfdbRecord.open(new LocalWfdbStorage(corpus), "binformats");
    SignalSpec spec = original.header().signals().get(signal);
    int[][] samples = original.readDigital(0, original.availableFrames(), signal);
    WfdbHeader h = WfdbWriter.write(new LocalWfdbStorage(tmp), "w", 200, spec.format(),
        List.of(SignalDefinition.of(spec)), samples);
    assertThat(java.nio.file.Files.readAllBytes(tmp.resolve("w.dat")))
        .isEqualTo(java.nio.file.Files.readAllBytes(corpus.resolve(spec.fileName())));
    assertThat(h.signals().get(0).checksum()).isEqualTo(spec.checksum());
    assertThat(h.signals().get(0).initValue()).isEqualTo(spec.initValue());
  }

  @Test
  void writerRefusesValuesOutsideTheFormat() {
    LocalWfdbStorage storage = new LocalWfdbStorage(tmp);
    int[][] data = {{0, 1, 2048}};
    assertThatThrownBy(() -> WfdbWriter.write(storage, "bad", 360, SignalFormat.FMT_212, THREE.subList(0, 1), data))
        .isInstanceOf(WfdbSignalException.class)
        .hasMessageContaining("2048")
        .hasMessageContaining("sample 2 of signal 0");
    assertThatThrownBy(() -> WfdbWriter.create(storage, "bad", 360, SignalFormat.FLAC_516, THREE))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WfdbWriter.write(storage, "bad", 360, SignalFormat.FMT_8, THREE.subList(0, 1),
        new int[][] {{0, 100, 300}}))
        .isInstanceOf(WfdbSignalException.class)
        .hasMessageContaining("differs from the previous sample by 200")
        .hasMessageContaining("sample 2 of signal 0");
    assertThatThrownBy(() -> WfdbWriter.write(storage, "bad", 360, SignalFormat.FMT_80, THREE.subList(0, 1),
        new int[][] {{0, 128}}))
        .isInstanceOf(WfdbSignalException.class)
        .hasMessageContaining("-127..127");
  }

  @Test
  void annotationsWithEverySpecialCodeRoundTrip() {
    List<Annotation> anns = new ArrayList<>();
    anns.add(new Annotation(0, 28, "+", 0, 0, 0, "(N"));
    anns.add(Annotation.of(5, 1));
    anns.add(new Annotation(1028, 5, "V", 3, 0, 0, ""));              // gap > 1023: SKIP; SUB
    anns.add(new Annotation(1028, 5, "V", -2, 1, 0, ""));             // same time; CHN change
    anns.add(new Annotation(100_000, 1, "N", 0, 1, 7, ""));           // SKIP > 65535; NUM
    anns.add(new Annotation(100_001, 1, "N", 0, 255, -1, "x"));       // chan 255, num -1, odd AUX
    anns.add(new Annotation(3_000_000_000L / 2, 28, "+", 0, 0, 0, "(AFIB")); // large SKIP
    anns.add(new Annotation(1_500_000_010L, 22, "\"", 0, 0, 0, "comment with spaces ÄÖ"));
    for (AnnotationCode c : AnnotationCode.all()) {
      if (c.code() > 0) {
        anns.add(new Annotation(1_500_000_100L + c.code(), c.code(), c.mnemonic(), 0, 0, 0, ""));
      }
    }
    LocalWfdbStorage storage = new LocalWfdbStorage(tmp);
    Annotations.write(storage, "rt", "test", anns);
    assertThat(Annotations.read(storage, "rt", "test")).containsExactlyElementsOf(anns);
  }

  @Test
  void mitdbAnnotationFileRewritesByteIdentically() throws Exception {
    Path dir = TestData.require("mitdb");
    byte[] original = java.nio.file.Files.readAllBytes(dir.resolve("100.atr"));
    AnnotationFile f = Annotations.decode("100", "atr", original, Double.NaN, -1);
    byte[] again = Annotations.encode("100", "100.atr", f.annotations());
    assertThat(Annotations.decode("100", "atr", again, Double.NaN, -1).annotations()).isEqualTo(f.annotations());
  }
}
