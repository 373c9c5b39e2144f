package org.ecgplatform.etl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.ecgplatform.testing.HelpTexts;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every command line of the ETL module prints its --help without a format warning. */
class HelpTextTest {
  @ParameterizedTest
  @ValueSource(classes = {EtlMain.class, ExportSampleMain.class, WfdbTool.class, SubmitArgs.class, SynthMain.class})
  void everyLineOfTheHelpFormats(Class<?> command) {
    assertThat(HelpTexts.unformattable(HelpTexts.command(command))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(classes = {EtlMain.class, ExportSampleMain.class, WfdbTool.class, SubmitArgs.class, SynthMain.class})
  void noParagraphIsBrokenByHandWiderThanTheHelp(Class<?> command) {
    assertThat(HelpTexts.brokenParagraphs(HelpTexts.command(command))).isEmpty();
  }
}
