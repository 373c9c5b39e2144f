package org.ecgplatform.evaluation.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.ecgplatform.etl.beats.AamiClass;
import org.ecgplatform.etl.wfdb.AnnotationCode;
import org.junit.jupiter.api.Test;

class ClassMappingTest {
  @Test
  void theMappingsDifferOnlyOnTheEscapeBeatsEAndJ() {
    for (String symbol : ClassMapping.BXB.table().keySet()) {
      BeatClass bxb = ClassMapping.BXB.classOf(symbol).orElseThrow();
      BeatClass aami = ClassMapping.AAMI.classOf(symbol).orElseThrow();
      if (symbol.equals("e") || symbol.equals("j")) {
        assertThat(bxb).as(symbol).isEqualTo(BeatClass.S);
        assertThat(aami).as(symbol).isEqualTo(BeatClass.N);
      } else {
        assertThat(aami).as(symbol).isEqualTo(bxb);
      }
    }
  }

  @Test
  void aamiFollowsThePlatformsAamiTable() {
    AamiClass.table().forEach((symbol, c) -> assertThat(ClassMapping.AAMI.aamiClassOf(symbol)).as(symbol).contains(c));
  }

  @Test
  void beatsAreWfdbsQrsCodesIncludingTheFlutterWave() {
    assertThat(ClassMapping.isBeat(AnnotationCode.ofMnemonic("!").orElseThrow().code())).isTrue();
    assertThat(ClassMapping.BXB.classOf("!")).contains(BeatClass.O);
    assertThat(ClassMapping.BXB.aamiClassOf("!")).isEmpty();
    for (String nonBeat : new String[] {"+", "~", "|", "[", "]", "x", "\""}) {
      assertThat(ClassMapping.BXB.classOf(nonBeat)).as(nonBeat).isEmpty();
    }
    java.util.List<Integer> qrs = new java.util.ArrayList<>();
    for (int code = 0; code <= AnnotationCode.ACMAX; code++) {
      if (ClassMapping.isBeat(code)) {
        qrs.add(code);
      }
    }
    assertThat(qrs).as("WFDB's isqrs table").containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 25, 30, 31, 34, 35, 38, 41);
  }

  @Test
  void configNames() {
    assertThat(ClassMapping.ofConfigName(" BXB ")).contains(ClassMapping.BXB);
    assertThat(ClassMapping.ofConfigName("aami")).contains(ClassMapping.AAMI);
    assertThat(ClassMapping.ofConfigName("ec57")).isEmpty();
  }
}
