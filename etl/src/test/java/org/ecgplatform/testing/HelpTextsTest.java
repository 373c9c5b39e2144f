package org.ecgplatform.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@link HelpTexts} finds the lines picocli cannot format, and only those. */
class HelpTextsTest {
  @Command(name = "lone", description = "keeps the central 95 % of the draws")
  static final class Lone {
    @Option(names = "--fine", description = "95 %% of them, default ${DEFAULT-VALUE}")
    int fine = 3;

    @Command(name = "sub")
    void sub(@Option(names = "--share", description = "a share in % over the records") int share) {}
  }

  @Command(name = "escaped", description = "keeps the central 95 %% of the draws%nover the records")
  static final class Escaped {
    @Option(names = "--fine", description = "95 %% of them")
    int fine;
  }

  @Test
  void aLonePercentSignAnywhereInTheHelpIsFoundAndAnEscapedOneIsNot() {
    assertThat(HelpTexts.unformattable(new CommandLine(new Lone())))
        .containsExactly("lone: keeps the central 95 % of the draws", "lone sub: a share in % over the records");
    assertThat(HelpTexts.unformattable(new CommandLine(new Escaped()))).isEmpty();
  }

  @Command(name = "wrapped", description = {
      "A paragraph broken by hand wider than the help: this first line is longer than eighty columns and",
      "goes on here, so picocli prints a long line, a short one and the next.",
      "A paragraph on one line, however long it is, is wrapped by picocli evenly over as many lines as it takes.",
      "Lines that each fit the help",
      "may continue one another."})
  static final class Wrapped {}

  @Test
  void aParagraphBrokenByHandWiderThanTheHelpIsFound() {
    assertThat(HelpTexts.brokenParagraphs(new CommandLine(new Wrapped()))).containsExactly(
        "wrapped: A paragraph broken by hand wider than the help: this first line is longer than eighty columns and");
    assertThat(new CommandLine(new Wrapped()).getUsageMessage())
        .contains(System.lineSeparator() + "eighty columns and" + System.lineSeparator() + "goes on here");
    assertThat(HelpTexts.brokenParagraphs(new CommandLine(new Escaped()))).isEmpty();
  }

  @Test
  void whatItFindsIsWhatMakesPicocliWarnInTheMiddleOfTheHelp() {
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    String usage;
    try {
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      usage = new CommandLine(new Lone()).getUsageMessage();
    } finally {
      System.setErr(err);
    }
    assertThat(captured.toString(StandardCharsets.UTF_8)).contains("Could not format 'keeps the central 95 % of the draws'");
    assertThat(usage).contains("95 % of them, default 3");
  }
}
