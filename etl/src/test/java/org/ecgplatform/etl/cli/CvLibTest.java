package org.ecgplatform.etl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How submit-scripts/crossvalidate.sh reads its configuration files: tested through
 * {@code ecg_cv_select_configs} of submit-scripts/lib/cv-lib.sh (run with bash on temporary
 * files) and the script's {@code --list}, which stops before any job runs. Also that the
 * repository's own configuration files (docs/cv-*.txt) read together, as their documented
 * commands use them.
 */
class CvLibTest {
  private static Path repo;

  @TempDir Path dir;

  @BeforeAll
  static void findRepo() {
    repo = SubmitArgsTest.repoConf().getParent();
  }

  /** A command's exit status, its standard output's lines and its standard error. */
  private record Result(int status, List<String> lines, String err) {
    List<String> names() {
      return lines.stream().map(l -> l.split(" ")[0]).toList();
    }
  }

  /** {@code ecg_cv_select_configs ONLY REFERENCE FILE...}. */
  private static Result select(String only, String reference, Path... files) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("bash", "-c", "source \"$1\"; shift; ecg_cv_select_configs \"$@\"", "bash",
        repo.resolve("submit-scripts/lib/cv-lib.sh").toString(), only, reference));
    for (Path f : files) {
      cmd.add(f.toString());
    }
    return run(cmd);
  }

  private static Result run(List<String> cmd) throws Exception {
    Shell.Result r = Shell.run(cmd);
    return new Result(r.status(), r.out().isEmpty() ? List.of() : List.of(r.out().split("\n")), r.err());
  }

  private Path file(String name, String... lines) throws Exception {
    return Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n");
  }

  private Result fails(Result r) {
    assertThat(r.status()).as(r.err()).isEqualTo(2);
    assertThat(r.lines()).as("nothing selected on an error").isEmpty();
    return r;
  }

  @Test
  void linesAreNormalisedAndKeptInFileOrderWithoutComments() throws Exception {
    Path f = file("a.txt",
        "# a comment line",
        "beat   training.model=beat    evaluation.af-gate.enabled=false  # trailing comment",
        "",
        "seq\ttraining.model=sequence",
        "beat-gate models=beat evaluation.af-gate.enabled=true");
    Result r = select("", "", f);
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.lines()).containsExactly(
        "beat training.model=beat evaluation.af-gate.enabled=false",
        "seq training.model=sequence",
        "beat-gate models=beat evaluation.af-gate.enabled=true");
  }

  @Test
  void severalFilesReadAsOneListAndAWordForWordRepeatCountsOnce() throws Exception {
    Path first = file("first.txt", "ref training.model=beat training.epochs=3", "ref-gate models=ref evaluation.af-gate.enabled=true");
    Path second = file("second.txt",
        "ref   training.model=beat training.epochs=3",
        "seq training.model=sequence",
        "seq-gate models=seq evaluation.af-gate.enabled=true",
        "ref-gate2 models=ref evaluation.af-gate.trim=8");
    Result r = select("", "", first, second);
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.names()).containsExactly("ref", "ref-gate", "seq", "seq-gate", "ref-gate2");

    Path conflicting = file("third.txt", "ref training.model=beat training.epochs=6");
    Result twice = fails(select("", "", first, conflicting));
    assertThat(twice.err()).contains("'ref' is defined twice, differently", first + ":1", conflicting + ":1");
  }

  @Test
  void onlySelectsItsLinesTheLinesTheyScoreAndTheReference() throws Exception {
    Path f = file("a.txt",
        "ref training.model=beat",
        "ref-gate models=ref evaluation.af-gate.enabled=true",
        "seq training.model=sequence",
        "seq-gate models=seq evaluation.af-gate.enabled=true",
        "other training.model=beat training.l2=0.001");
    assertThat(select("seq-gate", "", f).names()).as("a scoring line brings its models' line").containsExactly("seq", "seq-gate");
    assertThat(select("seq-gate", "ref", f).names()).as("and the reference").containsExactly("ref", "seq", "seq-gate");
    assertThat(select("other, seq-gate", "ref-gate", f).names()).as("commas and spaces; the reference's own source")
        .containsExactly("ref", "ref-gate", "seq", "seq-gate", "other");
    assertThat(select("other", "runs-of-an-earlier-command", f).names()).as("a reference no file defines")
        .containsExactly("other");
    assertThat(select(" , ", "", f).names()).as("an empty list selects every line").hasSize(5);

    Result unknown = fails(select("seq,nosuch,other2", "", f));
    assertThat(unknown.err()).contains("--only names no line of " + f + ": nosuch other2");
  }

  @Test
  void badLinesAreRejectedWithTheirFileAndLine() throws Exception {
    assertThat(fails(select("", "", file("a.txt", "ok training.model=beat", "bad/name training.model=beat"))).err())
        .contains("a.txt:2: 'bad/name' cannot name a configuration");
    assertThat(fails(select("", "", file("b.txt", "typo trainig.epochs=3"))).err())
        .contains("b.txt:1: configuration 'typo': 'trainig.epochs=3' is not key=value");
    assertThat(fails(select("", "", file("c.txt", "novalue training.epochs="))).err())
        .contains("'training.epochs=' is not key=value");
    assertThat(fails(select("", "", file("d.txt", "gate models=later evaluation.af-gate.enabled=true", "later training.model=beat")))
        .err()).contains("d.txt:1: configuration 'gate': models=later names no earlier line");
    assertThat(fails(select("", "", file("e.txt", "ref training.model=beat", "gate models=ref training.epochs=3"))).err())
        .contains("scores the models of ref, so it takes evaluation.* keys only, not 'training.epochs=3'");
    assertThat(fails(select("", "", file("f.txt", "ref training.model=beat", "g1 models=ref evaluation.af-gate.enabled=true",
        "g2 models=g1 evaluation.af-gate.trim=8"))).err())
        .contains("f.txt:3: configuration 'g2': models=g1 names a line that trains nothing itself", "name ref");
    assertThat(fails(select("", "", file("g.txt", "ref training.model=beat", "g models=ref models=ref"))).err())
        .contains("has models= twice");
    assertThat(fails(select("", "", file("h.txt", "# only a comment", ""))).err()).contains("no configuration in");
    assertThat(fails(select("", "", dir.resolve("missing.txt"))).err()).contains("cannot read configuration file");
  }

  @Test
  void theRepositorysConfigurationFilesReadTogether() throws Exception {
    Path[] docs = {repo.resolve("docs/cv-configs.txt"), repo.resolve("docs/cv-ablation-beat.txt"),
        repo.resolve("docs/cv-ablation.txt")};
    Result all = select("", "", docs);
    assertThat(all.status()).as(all.err()).isZero();
    Set<String> defined = new HashSet<>();
    for (Path f : docs) {
      for (String line : Files.readAllLines(f)) {
        String words = line.replaceAll("#.*", "").strip();
        if (!words.isEmpty()) {
          defined.add(words.split("\\s+")[0]);
        }
      }
    }
    assertThat(new HashSet<>(all.names())).as("every name once").hasSize(all.names().size()).isEqualTo(defined);

    // The third part of docs/cv-ablation.txt, as its comment runs it: the per-beat reference comes
    // from docs/cv-ablation-beat.txt.
    Result third = select("seq-noval3-causal-overS4-gate", "beat-noval3", docs[1], docs[2]);
    assertThat(third.names()).containsExactly("beat-noval3", "seq-noval3-causal-overS4", "seq-noval3-causal-overS4-gate");
  }

  @Test
  void crossvalidateListsItsSelectionAndStopsBeforeAnyJob() throws Exception {
    String script = repo.resolve("submit-scripts/crossvalidate.sh").toString();
    Path work = dir.resolve("work");
    Path f = file("a.txt", "ref training.model=beat", "seq training.model=sequence", "seq-gate models=seq evaluation.af-gate.enabled=true");
    Result list = run(List.of("bash", script, "--configs", f.toString(), "--only", "seq-gate", "--reference", "ref",
        "--work", work.toString(), "--list"));
    assertThat(list.status()).as(list.err()).isZero();
    assertThat(list.names()).containsExactly("ref", "seq", "seq-gate");
    assertThat(work).as("--list writes nothing").doesNotExist();

    Result bad = run(List.of("bash", script, "--configs", f.toString(), "--only", "nosuch", "--work", work.toString()));
    assertThat(bad.status()).isEqualTo(2);
    assertThat(bad.err()).contains("--only names no line");
    assertThat(work).as("a bad selection starts nothing").doesNotExist();

    Result badRule = run(List.of("bash", script, "--configs", f.toString(), "--rule", "patients", "--work", work.toString()));
    assertThat(badRule.status()).isEqualTo(2);
    assertThat(badRule.err()).contains("--rule must be seeds-and-patients or seeds, not 'patients'");
    assertThat(work).as("a bad rule starts nothing").doesNotExist();

    Result none = run(List.of("bash", script, "--work", work.toString()));
    assertThat(none.status()).isEqualTo(2);
    assertThat(none.err()).contains("--configs <file> is required");

    Result help = run(List.of("bash", script, "--help"));
    assertThat(help.status()).isZero();
    assertThat(help.lines().get(0)).contains("[--configs <file> ...]", "[--only", "[--list]");
  }
}
