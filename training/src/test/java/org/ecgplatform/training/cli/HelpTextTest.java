package org.ecgplatform.training.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.ecgplatform.testing.HelpTexts;
import org.junit.jupiter.api.Test;

/** The training command line prints its --help without a format warning. */
class HelpTextTest {
  @Test
  void everyLineOfTheHelpFormats() {
    assertThat(HelpTexts.unformattable(HelpTexts.command(TrainMain.class))).isEmpty();
  }

  @Test
  void noParagraphIsBrokenByHandWiderThanTheHelp() {
    assertThat(HelpTexts.brokenParagraphs(HelpTexts.command(TrainMain.class))).isEmpty();
  }
}
