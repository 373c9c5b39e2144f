package org.ecgplatform.evaluation.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.ecgplatform.etl.cli.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The error analysis' command line as every job's (JobOptions, Cli): keys in full, old or short
 * spellings rejected by name. No run reaches Spark (each stops at the configuration), so no session.
 */
class ExplainMainTest {
  @TempDir Path tmp;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... extra) {
    String[] base = {"--model", "m", "--dataset", "d", "--evaluation", "e", "--output", "o", "--conf-dir", tmp.toString()};
    return ExplainMain.execute(null, new PrintWriter(out, true), new PrintWriter(err, true),
        Stream.concat(Stream.of(base), Stream.of(extra)).toArray(String[]::new));
  }

  @Test
  void helpListsTheOptionsAndTheKeysInFull() {
    assertThat(ExplainMain.execute(null, new PrintWriter(out, true), new PrintWriter(err, true), "--help")).isZero();
    assertThat(out.toString()).contains("--model", "--dataset", "--evaluation", "--output", "--cells", "--per-confusion",
        "--env", "--conf-dir", "--print-config", "key=value", "evaluation.explain.method=integrated-gradients|gradient");
  }

  @Test
  void printConfigShowsTheEffectiveExplainSectionAndStops() {
    assertThat(run("--print-config", "evaluation.explain.integration-steps=7", "evaluation.explain.method=gradient"))
        .isEqualTo(Cli.EXIT_OK);
    assertThat(out.toString()).containsPattern("integration-steps\\s*[=:]\\s*7").containsPattern("method\\s*[=:]\\s*gradient");
    assertThat(err.toString()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "explain.method=gradient                     | did you mean evaluation.explain.method?",
      "evaluation.explain.integrationSteps=8       | renamed to evaluation.explain.integration-steps",
      "evaluation.explain.colour=blue              | Unknown configuration key evaluation.explain.colour",
      "evaluation.explain.method=saliency          | evaluation.explain.method",
      "evaluation.explain.per-confusion=0          | evaluation.explain.per-confusion",
      "evaluation.explain.cells=S>X                | evaluation.explain.cells"})
  void aBadKeyOrValueIsAUsageErrorNamingTheKey(String override, String message) {
    assertThat(run(override)).isEqualTo(Cli.EXIT_USAGE);
    assertThat(err.toString()).startsWith("ERROR: ").contains(message);
  }
}
