package org.ecgplatform.etl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.ecgplatform.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * The CLI prints exactly what WFDB 10.7 printed: {@code rdsamp -r <record> -v -H} and
 * {@code rdann -r <record> -a <annotator> -v} (the expected files of the wfdb-formats corpus).
 */
class WfdbToolTest {
  @TempDir Path tmp;

  private static String[] run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = WfdbTool.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int rc = cl.execute(args);
    return new String[] {Integer.toString(rc), out.toString(), err.toString()};
  }

  private static String expected(String name) throws IOException {
    Path gz = TestData.require("wfdb-formats").resolve("expected").resolve(name);
    try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
    }
  }

  /** Reference: {@code rdsamp -r <record> -v -H}. */
  @ParameterizedTest
  @ValueSource(strings = {"100_3chan", "binformats", "test01_00s_frame", "03700181", "041s", "mixedsignals"})
  void rdsampPrintsWhatRdsampPrints(String record) throws IOException {
    String path = TestData.require("wfdb-formats").toUri() + "/" + record;
    String[] r = run("rdsamp", "-r", path);
    assertThat(r[2]).isEmpty();
    assertThat(r[0]).isEqualTo("0");
    assertThat(r[1]).isEqualTo(expected(record + ".samples.tsv.gz"));
  }

  /** Reference: {@code rdann -r <record> -a <annotator> -v}. */
  @ParameterizedTest
  @ValueSource(strings = {"1003.atr", "12726.anI", "12726.wabp", "03700181.sqrs", "03700181.gqrsh"})
  void rdannPrintsWhatRdannPrints(String file) throws IOException {
    String[] parts = file.split("\\.");
    String path = TestData.require("wfdb-formats").toString() + "/" + parts[0];
    String[] r = run("rdann", "-r", path, "-a", parts[1]);
    assertThat(r[2]).isEmpty();
    assertThat(r[1]).isEqualTo(expected(file + ".ann.tsv.gz"));
  }

  @Test
  void rangeAndSignalSelection() throws IOException {
    String path = TestData.require("wfdb-formats").toUri() + "/100_3chan";
    String[] r = run("rdsamp", "-r", path, "-f", "s10", "-t", "s13", "-s", "2,I");
    List<String> lines = r[1].lines().toList();
    List<String> all = expected("100_3chan.samples.tsv.gz").lines().toList();
    assertThat(lines).hasSize(4);
    assertThat(lines.get(0)).isEqualTo("       sample #\t    III\t      I");
    for (int i = 0; i < 3; i++) {
      String[] f = all.get(11 + i).split("\t");
      assertThat(lines.get(1 + i)).isEqualTo(f[0] + "\t" + f[3] + "\t" + f[1]);
    }
  }

  @Test
  void errorsAreOneLineWithAnExitCode() {
    String path = TestData.require("wfdb-formats").toUri() + "/1003";
    String[] r = run("rdsamp", "-r", path);
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[2]).startsWith("wfdb: Cannot open signal file").contains("1003.dat");
    assertThat(run("--help")[1]).contains("rdsamp").contains("rdann");
    assertThat(run("rdsamp", "--help")[1]).contains("-r").contains("-s");
  }

  /** A copy of 100_3chan in tmp, its signal file changed by {@code edit}, its header by {@code header}. */
  private String damagedCopy(java.util.function.UnaryOperator<byte[]> edit,
      java.util.function.UnaryOperator<String> header) throws IOException {
    Path corpus = TestData.require("wfdb-formats");
    Files.writeString(tmp.resolve("100_3chan.hea"), header.apply(Files.readString(corpus.resolve("100_3chan.hea"))));
    Files.write(tmp.resolve("100_3chan.dat"), edit.apply(Files.readAllBytes(corpus.resolve("100_3chan.dat"))));
    return tmp.resolve("100_3chan").toString();
  }

  @Test
  void aChecksumErrorIsWarnedOnStderrAsRdsampWarnsAndTheSamplesArePrinted() throws IOException {
    String path = damagedCopy(dat -> {
      dat[45] ^= 0x01; // sample 30 (frame 10, signal 0): its low bit
      return dat;
    }, h -> h);
    String[] r = run("rdsamp", "-r", path);
    assertThat(r[0]).isEqualTo("0");
    List<String> lines = r[1].lines().toList();
    List<String> reference = expected("100_3chan.samples.tsv.gz").lines().toList();
    assertThat(lines).hasSameSizeAs(reference);
    assertThat(lines.get(11)).isNotEqualTo(reference.get(11));
    assertThat(lines.subList(12, lines.size())).isEqualTo(reference.subList(12, reference.size()));
    assertThat(r[2]).isEqualTo("getvec: checksum error in signal 0 (record 100_3chan, signal I, file 100_3chan.dat:"
        + " checksum -22365, header -22364)\n");
    // Not read to the header's length, or not from the start: nothing is checked, as in rdsamp.
    assertThat(run("rdsamp", "-r", path, "-t", "s998")[2]).isEmpty();
    assertThat(run("rdsamp", "-r", path, "-f", "s1")[2]).isEmpty();
    assertThat(run("rdsamp", "-r", path, "-t", "s999")[2]).startsWith("getvec: checksum error in signal 0 ");
  }

  @Test
  void aSignalFileShorterThanItsHeaderIsWarnedForEachSignalThatRunsOut() throws IOException {
    String path = damagedCopy(dat -> java.util.Arrays.copyOf(dat, 2250), h -> h); // 1500 samples: 500 frames of 3 signals
    String[] r = run("rdsamp", "-r", path);
    assertThat(r[0]).isEqualTo("0");
    assertThat(r[1].lines()).hasSize(501);
    assertThat(r[1].lines().toList()).isEqualTo(expected("100_3chan.samples.tsv.gz").lines().limit(501).toList());
    assertThat(r[2].lines()).containsExactly(
        "getvec: unexpected EOF in signal 0 (record 100_3chan, signal I, file 100_3chan.dat: it holds 500 of the 999"
            + " frames the header gives)",
        "getvec: unexpected EOF in signal 1 (record 100_3chan, signal II, file 100_3chan.dat: it holds 500 of the 999"
            + " frames the header gives)",
        "getvec: unexpected EOF in signal 2 (record 100_3chan, signal III, file 100_3chan.dat: it holds 500 of the 999"
            + " frames the header gives)");
    assertThat(run("rdsamp", "-r", path, "-t", "s500")[2]).isEmpty();
  }

  /** As xform writes headers: no length (and here wrong checksums). rdsamp reads to the file's end, silently. */
  @Test
  void aHeaderOfLengthZeroPrintsWhatRdsampPrintsWithoutAWord() throws IOException {
    String path = damagedCopy(dat -> dat, h -> h.replaceFirst("100_3chan 3 360.0 999", "100_3chan 3 360.0 0")
        .replace(" 43172 0 I", " 0 0 I").replace(" 63954 0 II", " 0 0 II"));
    String[] r = run("rdsamp", "-r", path);
    assertThat(r[2]).isEmpty();
    assertThat(r[1]).isEqualTo(expected("100_3chan.samples.tsv.gz"));
  }
}
