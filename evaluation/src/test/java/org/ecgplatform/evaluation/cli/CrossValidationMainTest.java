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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The cross-validation summary finds every seed's and every ensemble's fold evaluations. */
class CrossValidationMainTest {
  /** A fold's evaluation that finds half the S beats, and one that finds them all. */
  private static final String HALF =
      "mitdb/101,S,S,5,aami\nmitdb/101,S,N,5,aami\nmitdb/101,V,V,10,aami\nmitdb/101,N,N,80,aami\n";
  private static final String ALL = "mitdb/101,S,S,10,aami\nmitdb/101,V,V,10,aami\nmitdb/101,N,N,80,aami\n";

  @TempDir Path work;

  private void fold(String run, int fold, String rows) throws IOException {
    Path dir = work.resolve("runs").resolve(run).resolve("fold" + fold).resolve("evaluation");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(ReportWriter.CONFUSION_PER_RECORD_CSV), "record,reference,predicted,count,class_mapping\n" + rows);
  }

  @Test
  void seedsAndEnsemblesOfSeedsAreSummarisedAsTheirOwnConfigurations() throws IOException {
    for (int f = 0; f < 2; f++) {
      fold("beat/seed1", f, HALF);
      fold("beat/seed2", f, HALF);
      fold("beat/ensemble-1_2", f, ALL);
    }
    // Not a fold evaluation: ignored.
    fold("beat/scratch", 0, ALL);

    int rc = new CommandLine(new CrossValidationMain()).execute(work.toString());

    assertThat(rc).isZero();
    List<String> folds = Files.readAllLines(work.resolve("cv-folds.csv"));
    assertThat(folds).hasSize(1 + 6);
    assertThat(folds.stream().filter(l -> l.startsWith("beat+ensemble1_2,0,"))).hasSize(2);
    assertThat(folds.stream().filter(l -> l.startsWith("beat,1,"))).hasSize(2);
    List<String> summary = Files.readAllLines(work.resolve("cv-summary.csv"));
    assertThat(summary.subList(1, summary.size())).extracting(l -> l.split(",")[0])
        .containsExactlyInAnyOrder("beat", "beat+ensemble1_2");
  }

  @Test
  void theSelectionSaysWhenCandidatesStandOnDifferentNumbersOfSeeds() throws IOException {
    fold("beat/seed1", 0, HALF);
    fold("beat/seed2", 0, HALF);
    fold("lucky/seed1", 0, ALL);

    List<String> lines = run(work.toString()).lines().toList();
    assertThat(lines).contains("Selected by mean pooled (SVEB F1 + VEB F1) / 2: lucky");
    assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("Caution: the candidates stand on different numbers")
        .endsWith("1 model: lucky; 2 models: beat"));
  }

  /** Runs the summary with {@code args}, expecting success; its standard output. */
  private String run(String... args) {
    PrintStream stdout = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      assertThat(new CommandLine(new CrossValidationMain()).execute(args)).isZero();
    } finally {
      System.setOut(stdout);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }

  @Test
  void withAReferenceEveryConfigurationIsComparedWithItSeedForSeed() throws IOException {
    fold("beat/seed1", 0, HALF);
    fold("beat/seed2", 0, HALF);
    fold("better/seed1", 0, ALL);
    fold("better/seed2", 0, ALL);

    String out = run("--reference", "beat", work.toString());

    List<String> paired = Files.readAllLines(work.resolve("cv-paired.csv"));
    assertThat(paired).hasSize(2);
    assertThat(paired.get(1)).startsWith("better,beat,2,1 2,+0.1667 +0.1667,0.1667,0.0000,2,2,2");
    assertThat(out).contains("Seed for seed against beat").contains(paired.get(1));

    // A reference without runs here: said, and no stale table left behind.
    String none = run("--reference", "seq-bi", work.toString());
    assertThat(none).contains("No seed-for-seed comparison: no evaluated fold of the reference configuration 'seq-bi'");
    assertThat(work.resolve("cv-paired.csv")).doesNotExist();
  }
}
