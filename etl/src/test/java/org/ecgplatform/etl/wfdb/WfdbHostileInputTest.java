package org.ecgplatform.etl.wfdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Malformed, truncated and malicious records: each fails with a typed exception that names the
 * record, the file and the line or byte offset, quickly, without allocating for claimed lengths.
 */
class WfdbHostileInputTest {
  @TempDir Path tmp;
  private LocalWfdbStorage storage;

  @BeforeEach
  void setUp() {
    storage = new LocalWfdbStorage(tmp);
  }

  private void file(String name, String text) throws IOException {
    Files.writeString(tmp.resolve(name), text, StandardCharsets.UTF_8);
  }

  private void file(String name, byte[] bytes) throws IOException {
    Files.write(tmp.resolve(name), bytes);
  }

  private WfdbHeaderException headerError(String text) throws IOException {
    file("bad.hea", text);
    return (WfdbHeaderException) org.junit.jupiter.api.Assertions.assertThrows(WfdbHeaderException.class,
        () -> WfdbRecord.open(storage, "bad"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "no signal count          | bad\\n                                        | line 1 | number of signals",
      "text instead of numbers  | hello world of ECG\\n                         | line 1 | bad number of signals",
      "negative signal count    | bad -2 360 100\\n                             | line 1 | negative",
      "absurd signal count      | bad 2000000000 360 100\\n                     | line 1 | larger than",
      "absurd segment count     | bad/99999999999 2 360\\n                      | line 1 | segments",
      "negative sample count    | bad 1 360 -5\\nbad.dat 16\\n                   | line 1 | negative",
      "zero sampling frequency  | bad 1 0 100\\nbad.dat 16\\n                    | line 1 | not a positive",
      "negative sampling freq.  | bad 1 -360 100\\nbad.dat 16\\n                 | line 1 | not a positive",
      "NaN sampling frequency   | bad 1 NaN 100\\nbad.dat 16\\n                  | line 1 | sampling frequency",
      "unknown format           | bad 1 360 100\\nbad.dat 999 200 12 0\\n        | line 2 | unknown signal format 999",
      "bad format field         | bad 1 360 100\\nbad.dat 212y4\\n                | line 2 | bad format field",
      "zero samples per frame   | bad 1 360 100\\nbad.dat 212x0\\n                | line 2 | samples per frame",
      "missing signal lines     | bad 3 360 100\\nbad.dat 16\\n                   | line 3 | announces 3 signals",
      "extra signal lines       | bad 1 360 100\\nbad.dat 16\\nbad.dat 16\\n      | line 3 | more signal lines",
      "bad gain                 | bad 1 360 100\\nbad.dat 16 abc/mV\\n            | line 2 | bad ADC gain",
      "negative gain            | bad 1 360 100\\nbad.dat 16 -200/mV\\n           | line 2 | negative",
      "parent directory         | bad 1 360 100\\n../secret.dat 16\\n             | line 2 | outside the record's directory",
      "nested parent directory  | bad 1 360 100\\nsub/../../x.dat 16\\n           | line 2 | outside the record's directory",
      "absolute path            | bad 1 360 100\\n/etc/passwd 16\\n               | line 2 | outside the record's directory",
      "URI                      | bad 1 360 100\\nhdfs://nn/x.dat 16\\n           | line 2 | outside the record's directory",
      "bad base time            | bad 1 360 100 25h\\nbad.dat 16\\n              | line 1 | bad base time",
      "segment outside the dir. | bad/1 1 360 100\\n../other 100\\n               | line 2 | outside the record's directory",
  })
  void malformedHeadersAreRefusedWithLineAndReason(String name, String text, String position, String reason)
      throws IOException {
    WfdbHeaderException e = headerError(text.strip().replace("\\n", "\n"));
    assertThat(e.record()).isEqualTo("bad");
    assertThat(e.file()).isEqualTo("bad.hea");
    assertThat(e.position()).isEqualTo(position);
    assertThat(e.getMessage()).startsWith("Cannot parse header").contains(reason).contains("(");
  }

  @Test
  void emptyAndBinaryAndHugeHeadersAreRefused() throws IOException {
    assertThat(headerError("").getMessage()).contains("empty");
    file("bad.hea", new byte[] {'1', '0', '0', ' ', '2', 0, 1, 2, (byte) 0xff, '\n'});
    assertThatThrownBy(() -> WfdbRecord.open(storage, "bad")).isInstanceOf(WfdbHeaderException.class)
        .hasMessageContaining("binary byte 0x0").hasMessageContaining("byte offset 5");
    byte[] huge = new byte[HeaderParser.MAX_HEADER_BYTES + 1];
    java.util.Arrays.fill(huge, (byte) '#');
    file("bad.hea", huge);
    assertThatThrownBy(() -> WfdbRecord.open(storage, "bad")).isInstanceOf(WfdbHeaderException.class)
        .hasMessageContaining("more than");
    assertThatThrownBy(() -> WfdbRecord.open(storage, "absent")).isInstanceOf(WfdbHeaderException.class)
        .hasMessageContaining("does not exist");
    assertThatThrownBy(() -> WfdbRecord.open(storage, "../up")).isInstanceOf(WfdbHeaderException.class)
        .hasMessageContaining("leaves the record's directory");
  }

  @Test
  void randomBytesAsAHeaderNeverEscapeTheExceptionHierarchy() throws IOException {
    Random random = new Random(42);
    for (int i = 0; i < 200; i++) {
      byte[] b = new byte[random.nextInt(300)];
      random.nextBytes(b);
      if (i % 2 == 0) {
        for (int j = 0; j < b.length; j++) {
          b[j] = (byte) (" 0123456789abc/()+x:.\n#-"
              .charAt(Math.floorMod(b[j], 24)));
        }
      }
      file("rnd.hea", b);
      try {
        WfdbRecord.open(storage, "rnd");
      } catch (WfdbException expected) {
        assertThat(expected.getMessage()).startsWith("Cannot");
      }
    }
  }

  @Test
  void mutatedRealHeadersAndFlacFilesFailOnlyWithWfdbExceptions() throws IOException {
    Path corpus = org.ecgplatform.testing.TestData.require("wfdb-formats");
    byte[] header = Files.readAllBytes(corpus.resolve("03700181.hea"));
    byte[] flacHeader = Files.readAllBytes(corpus.resolve("flacformats.hea"));
    byte[] flac = Files.readAllBytes(corpus.resolve("flacformats.d1"));
    Files.copy(corpus.resolve("03700181.dat"), tmp.resolve("03700181.dat"));
    Files.copy(corpus.resolve("flacformats.d0"), tmp.resolve("flacformats.d0"));
    Files.copy(corpus.resolve("flacformats.d2"), tmp.resolve("flacformats.d2"));
    file("flacformats.hea", flacHeader);
    Random random = new Random(3);
    assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
      for (int i = 0; i < 150; i++) {
        byte[] h = header.clone();
        h[random.nextInt(h.length)] = (byte) " 0123456789x:+/()-#\n".charAt(random.nextInt(20));
        file("03700181.hea", h);
        byte[] f = flac.clone();
        for (int k = 0; k < 1 + random.nextInt(4); k++) {
          f[random.nextInt(f.length)] ^= (byte) (1 << random.nextInt(8));
        }
        file("flacformats.d1", i % 10 == 0 ? java.util.Arrays.copyOf(f, random.nextInt(f.length)) : f);
        for (String record : new String[] {"03700181", "flacformats"}) {
          try {
            WfdbRecord rec = WfdbRecord.open(storage, record);
            rec.readDigital(0, Math.min(rec.availableFrames(), 500));
            rec.verifyChecksums();
          } catch (WfdbException expected) {
            assertThat(expected.getMessage()).startsWith("Cannot");
          }
        }
      }
    });
  }

  @Test
  void aSelfReferencingMultiSegmentRecordDoesNotRecurse() throws IOException {
    file("loop.hea", "loop/1 1 360 100\nloop 100\n");
    assertThatThrownBy(() -> WfdbRecord.open(storage, "loop")).isInstanceOf(WfdbHeaderException.class)
        .hasMessageContaining("may not itself have segments");
  }

  private int[][] ramp(int n) {
    int[][] d = new int[2][n];
    for (int i = 0; i < n; i++) {
      d[0][i] = i % 2000 - 1000;
      d[1][i] = (i * 7) % 2000 - 1000;
    }
    return d;
  }

  private static final List<SignalDefinition> TWO = List.of(
      new SignalDefinition("a", 200, 0, "mV", 12, 0), new SignalDefinition("b", 200, 0, "mV", 12, 0));

  @Test
  void aSignalFileShorterThanItsHeaderIsReportedWithItsByteOffset() throws IOException {
    WfdbWriter.write(storage, "short", 360, SignalFormat.FMT_212, TWO, ramp(1000));
    byte[] dat = Files.readAllBytes(tmp.resolve("short.dat"));
    file("short.dat", java.util.Arrays.copyOf(dat, 1500)); // 500 frames of 3 bytes
    WfdbRecord rec = WfdbRecord.open(storage, "short");
    assertThat(rec.availableFrames()).isEqualTo(500);
    assertThatThrownBy(() -> rec.readDigital(0, 1000)).isInstanceOf(WfdbSignalException.class)
        .hasMessageContaining("holds only 500 frames").hasMessageContaining("byte offset 1500")
        .hasMessageContaining("file short.dat");
    assertThat(rec.readDigital(0, 500)[0]).hasSize(500);
    assertThat(rec.verifyChecksums()).allSatisfy(r -> {
      assertThat(r.shortFile()).isTrue();
      assertThat(r.ok()).isFalse();
      assertThat(r.wfdbMessage()).isEqualTo("getvec: unexpected EOF in signal " + r.signal());
    });
    assertThatThrownBy(rec::requireValidChecksums).isInstanceOf(WfdbSignalException.class)
        .hasMessageContaining("holds 500 of the 1000 frames");
  }

  @Test
  void anEmptySignalFileHoldsNoFrames() throws IOException {
    file("empty.hea", "empty 2 360 1000\nempty.dat 212 200 11 1024 0 0 0 a\nempty.dat 212 200 11 1024 0 0 0 b\n");
    file("empty.dat", new byte[0]);
    WfdbRecord rec = WfdbRecord.open(storage, "empty");
    assertThat(rec.availableFrames()).isZero();
    assertThatThrownBy(() -> rec.readDigital(0, 1)).isInstanceOf(WfdbSignalException.class)
        .hasMessageContaining("holds only 0 frames").hasMessageContaining("byte offset 0");
    assertThat(rec.verifyChecksums()).noneMatch(ChecksumResult::ok);
  }

  @Test
  void physicalValuesConvertBothWays() {
    SignalSpec spec = new SignalSpec("x.dat", SignalFormat.FMT_212, 1, 0, 0, 200, 1024, "mV", 11, 1024, 1024, null, 0,
        "x", true);
    assertThat(spec.toPhysical(1224)).isEqualTo(1.0);
    assertThat(spec.toDigital(1.0)).isEqualTo(1224);
    assertThat(spec.toDigital(-1e9)).isEqualTo(-2047);
    assertThat(spec.toDigital(Double.NaN)).isEqualTo(SignalFormat.WFDB_INVALID_SAMPLE);
    assertThat(spec.toPhysical(SignalFormat.WFDB_INVALID_SAMPLE)).isNaN();
  }

  @Test
  void anAbsurdClaimedLengthAllocatesNothing() throws IOException {
    WfdbWriter.write(storage, "tiny", 360, SignalFormat.FMT_16, TWO, ramp(10));
    String hea = Files.readString(tmp.resolve("tiny.hea")).replaceFirst(" 10\n", " 9000000000000\n");
    file("tiny.hea", hea);
    WfdbRecord rec = WfdbRecord.open(storage, "tiny");
    assertThat(rec.header().nSamples()).isEqualTo(9_000_000_000_000L);
    assertThat(rec.availableFrames()).isEqualTo(10);
    assertThatThrownBy(() -> rec.readDigital(0, 2_000_000_000L)).isInstanceOf(WfdbSignalException.class)
        .hasMessageContaining("holds only 10 frames");
    assertThatThrownBy(() -> rec.readDigital(5, 3)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> rec.readDigital(0, 1, 7)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has 2 signals");
  }

  @Test
  void aChecksumMismatchIsReportedNotAccepted() throws IOException {
    WfdbWriter.write(storage, "flip", 360, SignalFormat.FMT_16, TWO, ramp(100));
    byte[] dat = Files.readAllBytes(tmp.resolve("flip.dat"));
    dat[40] ^= 0x10; // frame 10, signal 0
    file("flip.dat", dat);
    WfdbRecord rec = WfdbRecord.open(storage, "flip");
    List<ChecksumResult> results = rec.verifyChecksums();
    assertThat(results).extracting(ChecksumResult::checksumMismatch).containsExactly(true, false);
    assertThat(results.get(0).wfdbMessage()).isEqualTo("getvec: checksum error in signal 0");
    assertThatThrownBy(rec::requireValidChecksums).isInstanceOf(WfdbSignalException.class)
        .hasMessageContaining("signal 0 (a)").hasMessageContaining("file flip.dat");
  }

  @Test
  void anEmptyOrCorruptFlacFileFailsQuickly() throws IOException {
    file("fl.hea", "fl 1 250 1000\nfl.dat 516 200 16 0 0 0 0 x\n");
    file("fl.dat", new byte[0]);
    assertTimeoutPreemptively(Duration.ofSeconds(20), () ->
        assertThatThrownBy(() -> WfdbRecord.open(storage, "fl").readDigital(0, 10))
            .isInstanceOf(WfdbSignalException.class).hasMessageContaining("fl.dat"));
    byte[] junk = new byte[5000];
    new Random(1).nextBytes(junk);
    junk[0] = 'f';
    junk[1] = 'L';
    junk[2] = 'a';
    junk[3] = 'C';
    file("fl.dat", junk);
    assertTimeoutPreemptively(Duration.ofSeconds(20), () ->
        assertThatThrownBy(() -> WfdbRecord.open(storage, "fl").readDigital(0, 10))
            .isInstanceOf(WfdbSignalException.class).hasMessageContaining("fl.dat"));
  }

  private WfdbAnnotationException annotationError(byte[] bytes) throws IOException {
    file("ann.hea", "ann 1 360 5000\nann.dat 16\n");
    file("ann.q", bytes);
    return org.junit.jupiter.api.Assertions.assertThrows(WfdbAnnotationException.class,
        () -> Annotations.read(storage, "ann", "q"));
  }

  private static byte[] words(int... w) {
    byte[] b = new byte[w.length * 2];
    for (int i = 0; i < w.length; i++) {
      b[2 * i] = (byte) w[i];
      b[2 * i + 1] = (byte) (w[i] >> 8);
    }
    return b;
  }

  @Test
  void corruptAndTruncatedAnnotationFilesAreRefusedWithTheirByteOffset() throws IOException {
    assertThat(annotationError(new byte[] {4, 4, 4}))
        .hasMessageContaining("half an annotation word").extracting(WfdbException::position).isEqualTo("byte offset 2");
    assertThat(annotationError(words((1 << 10) | 5, 59 << 10, 0)))
        .hasMessageContaining("SKIP without its 4-byte interval");
    assertThat(annotationError(words((1 << 10) | 5, (63 << 10) | 200, 0x4141)))
        .hasMessageContaining("AUX string of 200 bytes");
    assertThat(annotationError(words((60 << 10) | 3, (1 << 10) | 5, 0)))
        .hasMessageContaining("NUM word precedes any annotation");
    assertThat(annotationError(words((1 << 10) | 5, (55 << 10) | 5, 0)))
        .hasMessageContaining("code 55").extracting(WfdbException::position).isEqualTo("byte offset 2");
    WfdbAnnotationException beyond = annotationError(words(59 << 10, 0, 6000, (1 << 10), 0));
    assertThat(beyond).hasMessageContaining("sample 6000 lies beyond the end of the record (5000 samples)");
    assertThat(beyond.file()).isEqualTo("ann.q");
    assertThat(beyond.record()).isEqualTo("ann");
    assertThat(annotationError(words(59 << 10, 0xffff, 0xfff0, (1 << 10), 0)))
        .hasMessageContaining("before sample 0");
  }

  @Test
  void emptyAnnotationFileHasNoAnnotationsAndAMissingOneIsAnError() throws IOException {
    file("e.hea", "e 1 360 5000\ne.dat 16\n");
    file("e.q", new byte[0]);
    assertThat(Annotations.read(storage, "e", "q")).isEmpty();
    assertThatThrownBy(() -> Annotations.read(storage, "e", "nope")).isInstanceOf(WfdbAnnotationException.class)
        .hasMessageContaining("does not exist");
  }

  @Test
  void randomBytesAsAnAnnotationFileNeverHangOrEscape() throws IOException {
    Random random = new Random(7);
    file("rnd.hea", "rnd 1 360 100000000\nrnd.dat 16\n");
    assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
      for (int i = 0; i < 300; i++) {
        byte[] b = new byte[random.nextInt(2000)];
        random.nextBytes(b);
        file("rnd.x", b);
        try {
          Annotations.read(storage, "rnd", "x");
        } catch (WfdbAnnotationException expected) {
          assertThat(expected.position()).startsWith("byte offset");
        }
      }
    });
  }
}
