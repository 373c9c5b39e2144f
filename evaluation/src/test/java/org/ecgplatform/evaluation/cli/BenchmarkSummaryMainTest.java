package org.ecgplatform.evaluation.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ecgplatform.evaluation.report.ReportWriter;
import org.ecgplatform.evaluation.spark.EvaluateJob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The benchmark summary finds the seeds' evaluations of one or more work directories and pools them. */
class BenchmarkSummaryMainTest {
  @TempDir Path tmp;

  /** An evaluation in {@code dir/name} that finds {@code found} of record 232's 10 S beats. */
  private static void evaluation(Path dir, String name, int found, boolean finished) throws IOException {
    Path e = dir.resolve(name);
    Files.createDirectories(e);
    String records = name.startsWith("nstdb")
        ? "nstdb/118e12,S,S," + found + ",aami\nnstdb/118e12,S,N," + (10 - found) + ",aami\nnstdb/119e12,V,V,5,aami\n"
            + "nstdb/118e24,N,N,9,aami\n"
        : "mitdb/232,S,S," + found + ",aami\nmitdb/232,S,N," + (10 - found) + ",aami\nmitdb/100,V,V,5,aami\nmitdb/100,N,N,85,aami\n";
    Files.writeString(e.resolve(ReportWriter.CONFUSION_PER_RECORD_CSV), "record,reference,predicted,count,class_mapping\n" + records);
    if (finished) {
      Files.writeString(e.resolve(EvaluateJob.SUCCESS), "");
    }
  }

  private static int run(ByteArrayOutputStream out, ByteArrayOutputStream err, String... args) {
    PrintStream stdout = System.out;
    PrintStream stderr = System.err;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      return new CommandLine(new BenchmarkSummaryMain()).execute(args);
    } finally {
      System.setOut(stdout);
      System.setErr(stderr);
    }
  }

  @Test
  void twoWorkDirectoriesPoolTheirSeedsInNumericOrder() throws IOException {
    Path first = tmp.resolve("first");
    Path second = tmp.resolve("second");
    evaluation(first, "ds2-seed42", 2, true);
    evaluation(first, "ds2-seed7", 4, true);
    evaluation(first, "ds2-ensemble-42_7", 9, true);
    evaluation(first, "nstdb-seed42", 5, true);
    evaluation(first, "nstdb-seed7", 7, true);
    evaluation(second, "ds2-seed3", 6, true);
    evaluation(second, "ds2-seed11", 8, false); // not finished: left out, and said so
    Files.createDirectories(second.resolve("model-seed3"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int rc = run(out, err, first.toString(), second.toString(), "--without", "232");

    assertThat(rc).isZero();
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("Skipping " + second.resolve("ds2-seed11"));
    List<String> summary = Files.readAllLines(first.resolve("seeds-summary.csv"));
    // Se of 232's S beats (DS2 has no other): 0.2, 0.4 and 0.6 over three seeds; the ensemble not among them.
    // Every draw of the records that holds 232 gives the same mean, 0.4; the others have no S beat.
    assertThat(summary).contains("ds2,all,svebSe,3,0.4000,0.2000,0.2000,0.6000,0.4000,0.4000,seed7=0.4000 seed42=0.2000 seed3=0.6000");
    // without 232 no S beat is left: Se undefined in every seed
    assertThat(summary).contains("ds2,without 232,svebSe,3,,,,,,,seed7= seed42= seed3=");
    // the noise-stress records are two patients at several noise levels: no interval over records
    assertThat(summary).contains("nstdb,118e12 + 119e12,svebSe,2,0.6000,0.1414,0.5000,0.7000,,,seed7=0.7000 seed42=0.5000");
    assertThat(Files.readString(first.resolve("seeds-runs.csv"))).contains("ds2,all,ensemble-42_7,");
    assertThat(Files.readAllLines(first.resolve("seeds-per-record.csv")))
        .anySatisfy(l -> assertThat(l).startsWith("ds2,mitdb/232,10,0,3,3,0.4000,0.2000,"));
    String md = out.toString(StandardCharsets.UTF_8);
    assertThat(md).contains("| figure | mean ± sd | range | records resampled, 95 % | seed7 | seed42 | seed3 | ensemble-42_7 |");
    assertThat(Files.readString(first.resolve("seeds-summary.md"))).isEqualTo(md.substring(0, md.indexOf("Written: ")));
  }

  @Test
  void aSeedInTwoDirectoriesIsAnErrorSinceItWouldCountTwice() throws IOException {
    evaluation(tmp.resolve("a"), "ds2-seed42", 2, true);
    evaluation(tmp.resolve("b"), "ds2-seed42", 3, true);
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int rc = run(new ByteArrayOutputStream(), err, tmp.resolve("a").toString(), tmp.resolve("b").toString());

    assertThat(rc).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("seed42 of set 'ds2' is in").contains("pool directories of different seeds");
    assertThat(tmp.resolve("a").resolve("seeds-summary.csv")).doesNotExist();
  }

  @Test
  void aDirectoryWithoutEvaluationsOrATypoInWithoutFailsWithTheReason() throws IOException {
    Files.createDirectories(tmp.resolve("empty"));
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertThat(run(new ByteArrayOutputStream(), err, tmp.resolve("empty").toString())).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("No finished evaluations in");

    evaluation(tmp.resolve("w"), "ds2-seed1", 2, true);
    ByteArrayOutputStream err2 = new ByteArrayOutputStream();
    assertThat(run(new ByteArrayOutputStream(), err2, tmp.resolve("w").toString(), "--without", "223")).isEqualTo(2);
    assertThat(err2.toString(StandardCharsets.UTF_8)).contains("holds record '223'");
  }
}
