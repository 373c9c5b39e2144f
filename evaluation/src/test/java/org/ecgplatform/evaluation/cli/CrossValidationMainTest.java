package org.ecgplatform.evaluation.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.ecgplatform.evaluation.report.ReportWriter;
import org.ecgplatform.evaluation.report.RunLengthFiles;
import org.ecgplatform.training.model.EpochMetrics;
import org.ecgplatform.training.model.ModelMetadata;
import org.ecgplatform.training.model.NetworkConfig;
import org.ecgplatform.training.model.Normalizer;
import org.ecgplatform.training.model.RrEncoding;
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
    // Two seeds ahead are no lead: the reference stays, and the summary says what would make one.
    assertThat(out).contains("Highest mean pooled (SVEB F1 + VEB F1) / 2 (shown; the paired rule below selects): better")
        .containsPattern("Selected by the paired rule \\(.*\\): beat \\(the reference: no configuration leads it\\)")
        .contains("  better: mean +0.1667 ± 0.0000 over 2 seeds, not a lead; the same mean and sd would lead with 3 paired seeds");

    fold("beat/seed3", 0, HALF);
    fold("better/seed3", 0, ALL);
    assertThat(run("--reference", "beat", work.toString()))
        .containsPattern("Selected by the paired rule \\(.*\\): better \\(mean lead \\+0.1667 over 3 seeds, lower bound \\+0.1667\\)");

    // A work directory reused for another experiment: the selection considers the configurations
    // the command ran, the table still lists every one.
    fold("other/seed1", 0, HALF);
    fold("other/seed2", 0, HALF);
    fold("other/seed3", 0, HALF);
    String scoped = run("--reference", "beat", "--among", "beat,other", work.toString());
    assertThat(scoped).containsPattern("Selected by the paired rule among beat, other \\(.*\\): beat \\(the reference: no"
        + " configuration leads it\\)");
    assertThat(Files.readAllLines(work.resolve("cv-paired.csv"))).hasSize(3)
        .anySatisfy(l -> assertThat(l).startsWith("better,beat,3,"));

    // A reference without runs here: said, and no stale table left behind.
    String none = run("--reference", "seq-bi", work.toString());
    assertThat(none).contains("No seed-for-seed comparison: no evaluated fold of the reference configuration 'seq-bi'");
    assertThat(work.resolve("cv-paired.csv")).doesNotExist();
  }

  /** Ten records, each with 10 S beats of which {@code found[i]} are found, 10 V beats all found and 80 N beats. */
  private static String records(int... found) {
    StringBuilder rows = new StringBuilder();
    for (int i = 0; i < found.length; i++) {
      String r = "mitdb/" + (100 + i);
      rows.append(r).append(",S,S,").append(found[i]).append(",aami\n").append(r).append(",S,N,").append(10 - found[i])
          .append(",aami\n").append(r).append(",V,V,10,aami\n").append(r).append(",N,N,80,aami\n");
    }
    return rows.toString();
  }

  @Test
  void theDefaultRuleRefusesALeadThatStandsOnOnePatientAndSaysSo() throws IOException {
    for (int seed = 1; seed <= 3; seed++) {
      fold("beat/seed" + seed, 0, records(5, 5, 5, 5, 5, 5, 5, 5, 5, 5));
      fold("narrow/seed" + seed, 0, records(10, 5, 5, 5, 5, 5, 5, 5, 5, 5));
    }

    String out = run("--reference", "beat", work.toString());

    assertThat(out).containsPattern("Selected by the paired rule \\(.*over the patients.*\\): beat \\(the reference: no"
        + " configuration leads it\\)")
        .containsPattern("  narrow: leads seed for seed \\(mean \\+0\\.\\d{4}, lower bound \\+0\\.\\d{4}\\), but not over"
            + " the patients \\([+-]0\\.\\d{4} to \\+0\\.\\d{4} with the test records drawn again\\)");
    List<String> paired = Files.readAllLines(work.resolve("cv-paired.csv"));
    assertThat(paired.get(0)).endsWith(",leads,seeds_needed,score_diff_records_low95,score_diff_records_high95,leads_over_patients");
    assertThat(paired.get(1)).startsWith("narrow,beat,3,").contains(",yes,3,").endsWith(",no");
    // The rule the earlier choices were made by takes it.
    assertThat(run("--reference", "beat", "--rule", "seeds", work.toString()))
        .containsPattern("Selected by the paired rule \\(.*; --rule seeds\\): narrow \\(mean lead");

    PrintStream stderr = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try {
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      assertThat(new CommandLine(new CrossValidationMain()).execute("--reference", "beat", "--rule", "patients", work.toString()))
          .isEqualTo(2);
    } finally {
      System.setErr(stderr);
    }
    assertThat(captured.toString(StandardCharsets.UTF_8)).contains("Invalid value for option '--rule'")
        .contains("Unknown selection rule 'patients': expected one of seeds, seeds-and-patients");
  }

  /** Writes the metadata of a model that kept epoch {@code best}, whose validation macro-F1 was {@code val}. */
  private void model(String run, int fold, int best, double val) throws IOException {
    Path dir = work.resolve("runs").resolve(run).resolve("fold" + fold).resolve("model");
    Files.createDirectories(dir);
    List<EpochMetrics> epochs = List.of(
        new EpochMetrics(best - 1, 0.5, 100, 1, 100, 0.8, val - 0.1, List.of(), List.of()),
        new EpochMetrics(best, 0.4, 100, 1, 100, 0.9, val, List.of(), List.of()));
    ModelMetadata meta = new ModelMetadata(ModelMetadata.CURRENT_VERSION, List.of("N", "S", "V", "F", "Q"), 360, 90, 160, 1,
        List.of("MLII"), List.of(), new Normalizer(new double[] {0}, new double[] {1}, new double[0], new double[0], 0,
            RrEncoding.RELATIVE), null, "test", null, NetworkConfig.reference(1, 250, 5, 1e-3, 1), Map.of(), epochs, best,
        "dev", "now");
    Files.writeString(dir.resolve(ModelMetadata.FILE_NAME), meta.toJson());
  }

  @Test
  void theValidationOfEveryModelIsSetAgainstItsTestScore() throws IOException {
    for (int f = 0; f < 2; f++) {
      fold("beat/seed1", f, ALL);
      model("beat/seed1", f, 3, 0.9);
      fold("beat/seed2", f, HALF);
      model("beat/seed2", f, 2, 0.6);
      fold("beat/ensemble-1_2", f, ALL);
    }
    // An evaluation without its model beside it, and a model trained without validation
    // (training.early-stopping-patience = 0, no val split): in the tables, not in the validation's.
    fold("other/seed1", 0, HALF);
    fold("noval/seed1", 0, HALF);
    model("noval/seed1", 0, 3, Double.NaN);

    String out = run(work.toString());

    assertThat(Files.readAllLines(work.resolve("cv-validation.csv"))).containsExactly(
        "config,seed,fold,best_epoch,val_macro_f1,test_score",
        "beat,1,0,3,0.9000,1.0000", "beat,1,1,3,0.9000,1.0000",
        "beat,2,0,2,0.6000,0.8333", "beat,2,1,2,0.6000,0.8333");
    assertThat(Files.readAllLines(work.resolve("cv-validation-picks.csv")))
        .contains("beat,2,1 2,0:1 1:1,1.0000,0.9167,0.8333,1.0000");
    assertThat(Files.readAllLines(work.resolve("cv-validation-folds.csv"))).hasSize(1 + 2);
    assertThat(out).contains("Does the validation training stops on predict the test?")
        .contains("Keeping on each fold the seed with the best validation macro-F1");
  }

  @Test
  void runLengthsAreSummedOverTheFoldsThatHaveThem() throws IOException {
    String header = "class,context,run_length,beats,detected,sensitivity,class_mapping\n";
    for (int f = 0; f < 2; f++) {
      fold("beat/seed1", f, HALF);
      Files.writeString(work.resolve("runs/beat/seed1/fold" + f + "/evaluation").resolve(RunLengthFiles.FILE_NAME),
          header + "S,isolated,1,10," + (3 + f) + ",,aami\nS,run,3+,6,6,1,aami\nV,couplet,2,4,2,0.5,aami\n");
    }
    // A seed whose directory sorts first as text: listed after seed 1 all the same.
    fold("beat/seed10", 0, HALF);
    Files.writeString(work.resolve("runs/beat/seed10/fold0/evaluation").resolve(RunLengthFiles.FILE_NAME),
        header + "S,isolated,1,10,1,,aami\n");
    // An evaluation written before the file existed: summarised as before, and not in the counts.
    fold("beat/seed2", 0, HALF);

    String out = run(work.toString());

    List<String> csv = Files.readAllLines(work.resolve("cv-run-length.csv"));
    assertThat(csv.get(0)).isEqualTo("config,seed,folds,class,context,run_length,beats,detected,sensitivity");
    assertThat(csv).hasSize(1 + 12).contains("beat,10,1,S,isolated,1,10,1,0.100000");
    assertThat(csv.get(1)).startsWith("beat,1,2,S,isolated,");
    assertThat(csv).contains("beat,1,2,S,isolated,1,20,7,0.350000", "beat,1,2,S,couplet,2,0,0,",
        "beat,1,2,S,run,3+,12,12,1.000000", "beat,1,2,V,couplet,2,8,4,0.500000");
    assertThat(out).contains("beat, seed 1, 2 folds: S isolated 7/20 (35.0 %), couplet 0/0 (-), run 12/12 (100.0 %);"
        + " V isolated 0/0 (-), couplet 4/8 (50.0 %), run 0/0 (-)");

    // A damaged file stops the summary with its name.
    Path bad = work.resolve("runs/beat/seed2/fold0/evaluation").resolve(RunLengthFiles.FILE_NAME);
    Files.writeString(bad, header + "S,triplet,3,1,1,1,aami\n");
    CommandLine cli = new CommandLine(new CrossValidationMain());
    java.io.StringWriter err = new java.io.StringWriter();
    cli.setErr(new java.io.PrintWriter(err));
    assertThat(cli.execute(work.toString())).isNotZero();
    assertThat(err.toString()).contains("Cannot read " + bad, "'triplet'");
  }
}
