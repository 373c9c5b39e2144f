package org.ecgplatform.etl.beats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.ecgplatform.common.ConfigException;
import org.ecgplatform.etl.spark.EtlConfig;
import org.junit.jupiter.api.Test;

/** The DS1 cross-validation preset: folds partition DS1, DS2 is never used, S-rich patients in every fold. */
class CrossValidationSplitTest {

  private static EtlConfig config(String overrides) {
    return EtlConfig.from(ConfigFactory.parseString("etl { inputs = [x], output = y, split.presets.mitdb = dechazal-cv }\n"
        + overrides).withFallback(ConfigFactory.defaultReference()).resolve());
  }

  @Test
  void everyDs1RecordIsTestedInExactlyOneFoldAndDs2IsNeverRead() {
    Set<String> tested = new HashSet<>();
    for (int fold = 0; fold < 4; fold++) {
      SplitAssigner split = config("etl.split.cv.fold = " + fold).splitFor("mitdb");
      List<String> test = new ArrayList<>();
      List<String> val = new ArrayList<>();
      for (String r : DeChazalSplit.DS1) {
        Split s = split.assign("mitdb", r);
        if (s == Split.TEST) {
          test.add(r);
        } else if (s == Split.VALIDATION) {
          val.add(r);
        } else {
          assertThat(s).isEqualTo(Split.TRAIN);
        }
      }
      assertThat(java.util.Collections.disjoint(test, tested)).as("fold %d tests records of earlier folds", fold).isTrue();
      assertThat(java.util.Collections.disjoint(test, val)).isTrue();
      tested.addAll(test);
      assertThat(val).hasSize(2);
      // Every fold holds patients with many supraventricular beats, and so does its validation.
      assertThat(test).containsAnyOf("209", "201", "220", "207", "124", "118", "223");
      assertThat(val).containsAnyOf("209", "201", "220", "207", "124", "118", "223");
      for (String r : DeChazalSplit.DS2) {
        assertThat(split.assign("mitdb", r)).as("DS2 record %s", r).isEqualTo(Split.EXCLUDED);
      }
      for (String r : DeChazalSplit.PACED) {
        assertThat(split.assign("mitdb", r)).isEqualTo(Split.EXCLUDED);
      }
    }
    assertThat(tested).containsExactlyInAnyOrderElementsOf(DeChazalSplit.DS1);
  }

  @Test
  void foldsMustPartitionDs1AndValidationMustLieOutsideTheFold() {
    assertThatThrownBy(() -> new DeChazalCrossValidation(List.of(DeChazalSplit.DS1.subList(0, 11), DeChazalSplit.DS1.subList(10, 22)),
        List.of(List.of(), List.of()), 0)).isInstanceOf(ConfigException.class).hasMessageContaining("exactly one fold");
    assertThatThrownBy(() -> new DeChazalCrossValidation(List.of(DeChazalSplit.DS1.subList(0, 11), DeChazalSplit.DS1.subList(11, 21)),
        List.of(List.of(), List.of()), 0)).isInstanceOf(ConfigException.class).hasMessageContaining("missing [230]");
    List<List<String>> halves = List.of(DeChazalSplit.DS1.subList(0, 11), DeChazalSplit.DS1.subList(11, 22));
    assertThatThrownBy(() -> new DeChazalCrossValidation(halves, List.of(List.of("101"), List.of()), 0))
        .isInstanceOf(ConfigException.class).hasMessageContaining("etl.split.cv.validation");
    assertThatThrownBy(() -> new DeChazalCrossValidation(halves, List.of(List.of("100"), List.of()), 0))
        .isInstanceOf(ConfigException.class).hasMessageContaining("DS1 records outside fold 0");
    assertThatThrownBy(() -> new DeChazalCrossValidation(halves, List.of(List.of(), List.of()), 2))
        .isInstanceOf(ConfigException.class).hasMessageContaining("etl.split.cv.fold");
    assertThatThrownBy(() -> config("etl.split.cv.folds = [[100]]")).isInstanceOf(ConfigException.class);
  }

  @Test
  void explicitValidationRecordsReplaceTheSeededDraw() {
    SplitAssigner split = config("etl.split.presets.mitdb = dechazal, etl.split.validation.records = [118, 220]").splitFor("mitdb");
    assertThat(split.assign("mitdb", "118")).isEqualTo(Split.VALIDATION);
    assertThat(split.assign("mitdb", "220")).isEqualTo(Split.VALIDATION);
    assertThat(split.assign("mitdb", "209")).isEqualTo(Split.TRAIN);
    assertThat(split.assign("mitdb", "232")).isEqualTo(Split.TEST);
    assertThatThrownBy(() -> config("etl.split.presets.mitdb = dechazal, etl.split.validation.records = [232]").splitFor("mitdb"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("DS1 records");
  }
}
