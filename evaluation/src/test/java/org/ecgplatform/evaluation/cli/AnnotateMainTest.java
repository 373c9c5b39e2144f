package org.ecgplatform.evaluation.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.ecgplatform.etl.cli.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The annotation job's command line up to the point where Spark would start (no session is made). */
class AnnotateMainTest {
  @TempDir Path tmp;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return AnnotateMain.execute(null, new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  private String[] base(String... more) {
    String[] b = {"--model", "m", "--input", "a", "--input", "b", "--output", "o", "--conf-dir", tmp.toString()};
    String[] all = new String[b.length + more.length];
    System.arraycopy(b, 0, all, 0, b.length);
    System.arraycopy(more, 0, all, b.length, more.length);
    return all;
  }

  @Test
  void helpListsTheOptionsAndTheKeys() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("--model", "--input", "--output", "--env", "--conf-dir", "--print-config", "key=value",
        "evaluation.annotate.", "etl.detect.", "quarantine.csv");
  }

  @Test
  void printConfigShowsTheJobsKeysAndOverrides() {
    assertThat(run(base("--print-config", "evaluation.annotate.annotator=cls", "etl.detect.refinement-passes=1"))).isZero();
    assertThat(out.toString()).contains("annotator=cls", "refinement-passes=1", "detect-chunk-s=600", "target-fs-hz=360");
  }

  @Test
  void missingOptionsUnknownKeysAndBadValuesAreUsageErrors() {
    assertThat(run("--model", "m", "--output", "o")).isEqualTo(Cli.EXIT_USAGE);
    assertThat(err.toString()).contains("--input");
    assertThat(run(base("evaluation.annotate.colour=blue"))).isEqualTo(Cli.EXIT_USAGE);
    assertThat(err.toString()).contains("evaluation.annotate.colour");
    assertThat(run(base("evaluation.annotate.min-run-beats=0"))).isEqualTo(Cli.EXIT_USAGE);
    assertThat(err.toString()).contains("evaluation.annotate.min-run-beats", "0");
    assertThat(run(base("etl.detect.refractory-s=-1"))).isEqualTo(Cli.EXIT_USAGE);
    assertThat(err.toString()).contains("etl.detect.refractory-s");
  }
}
