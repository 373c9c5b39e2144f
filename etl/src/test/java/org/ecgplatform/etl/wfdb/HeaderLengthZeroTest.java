package org.ecgplatform.etl.wfdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ecgplatform.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Records whose header gives no number of samples ("header length 0", as PhysioNet's {@code xform}
 * leaves it): the signal files' end is the record's end, and, as in the WFDB library, neither the
 * length nor the checksums are checked. Built at test time from the wfdb-formats corpus: its
 * signal files copied next to a rewritten header.
 */
class HeaderLengthZeroTest {
  private static final java.util.regex.Pattern CHECKSUM_FIELD =
      java.util.regex.Pattern.compile("^(?<head>\\s*(?:\\S+\\s+){6})\\S+");

  @TempDir Path tmp;

  private static Path corpus() {
    return TestData.require("wfdb-formats");
  }

  /**
   * The header with the record line's number of samples set to 0 ({@code omit}: removed, when no
   * base time follows it) and, with {@code badChecksums}, every signal line's checksum set to 0.
   */
  static String lengthZero(String header, boolean omit, boolean badChecksums) {
    List<String> out = new ArrayList<>();
    boolean recordLine = true;
    for (String line : header.split("\r?\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        out.add(line);
        continue;
      }
      String[] f = line.strip().split("\\s+");
      if (recordLine) {
        recordLine = false;
        if (f.length > 3 && !f[0].contains("/")) {
          if (omit && f.length == 4) {
            f = Arrays.copyOf(f, 3);
          } else {
            f[3] = "0";
          }
        }
        out.add(String.join(" ", f));
      } else if (badChecksums && f.length > 6) {
        // file format gain res zero init checksum [block [description...]]: the description keeps its spaces
        out.add(CHECKSUM_FIELD.matcher(line).replaceFirst("${head}0"));
      } else {
        out.add(line);
      }
    }
    return String.join("\n", out) + "\n";
  }

  /** Copies the record's signal files into tmp and writes its header through {@link #lengthZero}. */
  private LocalWfdbStorage copy(String record, boolean omit, boolean badChecksums) throws IOException {
    String header = Files.readString(corpus().resolve(record + ".hea"));
    List<String> records = new ArrayList<>(List.of(record));
    WfdbHeader h = WfdbRecord.open(new LocalWfdbStorage(corpus()), record).header();
    h.segments().forEach(s -> records.add(s.recordName()));
    for (String r : records) {
      WfdbHeader rh = HeaderParser.parse(r, r + ".hea", Files.readAllBytes(corpus().resolve(r + ".hea")));
      for (SignalSpec s : rh.signals()) {
        Path target = tmp.resolve(s.fileName());
        if (s.hasFile() && !Files.exists(target)) {
          Files.copy(corpus().resolve(s.fileName()), target);
        }
      }
      String text = r.equals(record) ? header : Files.readString(corpus().resolve(r + ".hea"));
      Files.writeString(tmp.resolve(r + ".hea"),
          r.equals(record) && h.isMultiSegment() ? text : lengthZero(text, omit, badChecksums));
    }
    return new LocalWfdbStorage(tmp);
  }

  @ParameterizedTest
  @ValueSource(strings = {"binformats", "flacformats", "310derive", "311derive", "100_3chan", "test01_00s",
      "3000003_0003", "03700181", "mixedsignals", "041s"})
  void aRecordReadsTheSameSamplesWhenItsHeaderGivesNoLength(String record) throws IOException {
    WfdbRecord original = WfdbRecord.open(new LocalWfdbStorage(corpus()), record);
    long frames = original.availableFrames();
    int[][] expected = original.readDigital(0, frames);
    boolean omittable = original.header().baseTime().isEmpty() && !original.header().isMultiSegment();
    for (boolean omit : omittable ? new boolean[] {false, true} : new boolean[] {false}) {
      WfdbRecord zero = WfdbRecord.open(copy(record, omit, true), record);
      if (!zero.header().isMultiSegment()) {
        assertThat(zero.header().nSamples()).isZero();
        assertThat(zero.header().signals()).extracting(SignalSpec::checksum).containsOnly(0);
      }
      assertThat(zero.availableFrames()).as(record).isEqualTo(frames);
      assertThat(zero.readDigital(0, frames)).as(record).isDeepEqualTo(expected);
      // The checksums were zeroed, yet nothing is checked: the library has no length to count down.
      assertThat(zero.verifyChecksums()).as(record).isNotEmpty().allSatisfy(c -> {
        assertThat(c.check()).isEqualTo(ChecksumResult.Check.NONE_NO_LENGTH);
        assertThat(c.ok()).isTrue();
        assertThat(c.problem()).isNull();
      });
      assertThat(zero.requireValidChecksums()).isNotEmpty();
    }
  }

  /** Every signal format the reader supports, one single-signal record each, header length 0. */
  @ParameterizedTest(name = "format {0}")
  @CsvSource({"8,binformats,0", "16,binformats,1", "61,binformats,2", "80,binformats,3", "160,binformats,4",
      "212,binformats,5", "310,binformats,6", "311,binformats,7", "24,binformats,8", "32,binformats,9",
      "508,flacformats,0", "516,flacformats,1", "524,flacformats,2"})
  void everyFormatReadsToTheEndOfItsFile(int format, String record, int signal) throws IOException {
    WfdbRecord original = WfdbRecord.open(new LocalWfdbStorage(corpus()), record);
    SignalSpec spec = original.header().signals().get(signal);
    assertThat(spec.format().code()).isEqualTo(format);
    Files.copy(corpus().resolve(spec.fileName()), tmp.resolve("one.sig"));
    // As xform writes it: length 0, the signal's checksum and initial value (format 8 needs it).
    Files.writeString(tmp.resolve("one.hea"), "one 1 200 0\none.sig " + format + " 200/mV " + spec.adcResolution()
        + " 0 " + spec.initValue() + " 12345 0 sig\n");
    WfdbRecord one = WfdbRecord.open(new LocalWfdbStorage(tmp), "one");
    assertThat(one.availableFrames()).isEqualTo(499);
    assertThat(one.readDigital(0, 499)[0]).isEqualTo(original.readDigital(0, 499, signal)[0]);
    assertThat(one.verifyChecksums()).singleElement().satisfies(c -> {
      assertThat(c.check()).isEqualTo(ChecksumResult.Check.NONE_NO_LENGTH);
      assertThat(c.actualChecksum()).isEqualTo(spec.checksum().shortValue());
      assertThat(c.framesRead()).isEqualTo(499);
      assertThat(c.ok()).isTrue();
    });
  }

  /** The rule of the WFDB library's readheader() and getskewedframe(). */
  @Test
  void theLibraryChecksOnlyWhatTheHeaderLetsItCheck() {
    assertThat(ChecksumResult.Check.of(650_000, 123, false)).isEqualTo(ChecksumResult.Check.LENGTH_AND_CHECKSUM);
    assertThat(ChecksumResult.Check.of(650_000, 123, true)).isEqualTo(ChecksumResult.Check.LENGTH_ONLY);
    assertThat(ChecksumResult.Check.of(0, 123, false)).isEqualTo(ChecksumResult.Check.NONE_NO_LENGTH);
    assertThat(ChecksumResult.Check.of(0, 123, true)).isEqualTo(ChecksumResult.Check.NONE_NO_LENGTH);
    assertThat(ChecksumResult.Check.of(650_000, null, false)).isEqualTo(ChecksumResult.Check.NONE_NO_CHECKSUM);
  }

  @Test
  void aHeaderWithALengthButNoChecksumsChecksNothing() throws IOException {
    // 100_3chan's file, but the header claims twice its length and gives no checksums.
    Files.copy(corpus().resolve("100_3chan.dat"), tmp.resolve("100_3chan.dat"));
    Files.writeString(tmp.resolve("nock.hea"), "nock 3 360 1998\n100_3chan.dat 212 200 11 1024 995\n"
        + "100_3chan.dat 212 200 11 1024 1011\n100_3chan.dat 212 200 11 1024 1011\n");
    WfdbRecord rec = WfdbRecord.open(new LocalWfdbStorage(tmp), "nock");
    assertThat(rec.availableFrames()).isEqualTo(999);
    assertThat(rec.verifyChecksums()).hasSize(3).allSatisfy(c -> {
      assertThat(c.check()).isEqualTo(ChecksumResult.Check.NONE_NO_CHECKSUM);
      assertThat(c.shortFile()).isFalse();
      assertThat(c.ok()).isTrue();
    });
  }

  @Test
  void aMultiSegmentRecordChecksEachSegmentsLengthButNoChecksum() throws IOException {
    copy("041s", false, false);
    for (String seg : List.of("041s01", "041s02")) {
      Files.copy(corpus().resolve(seg + ".hea"), tmp.resolve(seg + ".hea"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    // A sample of segment 041s02 changed: its checksum no longer matches, which the library ignores there.
    byte[] dat = Files.readAllBytes(tmp.resolve("041s02.dat"));
    dat[100] ^= 0x01;
    Files.write(tmp.resolve("041s02.dat"), dat);
    LocalWfdbStorage storage = new LocalWfdbStorage(tmp);
    assertThat(WfdbRecord.open(storage, "041s").verifyChecksums()).hasSize(14).allSatisfy(c -> {
      assertThat(c.check()).isEqualTo(ChecksumResult.Check.LENGTH_ONLY);
      assertThat(c.ok()).isTrue();
    });
    // Read on its own, the segment is a single-segment record, and the library does check it.
    assertThat(WfdbRecord.open(storage, "041s02").verifyChecksums()).anyMatch(ChecksumResult::checksumMismatch);
    // A truncated segment is short: getvec reports the end of its file.
    Files.write(tmp.resolve("041s02.dat"), Arrays.copyOf(dat, dat.length / 2));
    assertThat(WfdbRecord.open(storage, "041s").verifyChecksums())
        .filteredOn(ChecksumResult::shortFile).hasSize(7)
        .allSatisfy(c -> {
          assertThat(c.record()).isEqualTo("041s02");
          assertThat(c.problem()).contains("of record 041s02").contains("041s02.dat holds 500 of the 1000 frames");
        });
  }
}
