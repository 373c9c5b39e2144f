package org.ecgplatform.etl.beats;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AamiClassTest {

  @Test
  void mapsEveryMitBihBeatSymbolPerEc57() {
    assertThat("NLRej".chars().mapToObj(c -> AamiClass.ofSymbol(String.valueOf((char) c)).orElseThrow()))
        .containsOnly(AamiClass.N);
    assertThat("AaJS".chars().mapToObj(c -> AamiClass.ofSymbol(String.valueOf((char) c)).orElseThrow()))
        .containsOnly(AamiClass.S);
    assertThat(AamiClass.ofSymbol("V")).contains(AamiClass.V);
    assertThat(AamiClass.ofSymbol("E")).contains(AamiClass.V);
    assertThat(AamiClass.ofSymbol("F")).contains(AamiClass.F);
    assertThat(AamiClass.ofSymbol("/")).contains(AamiClass.Q);
    assertThat(AamiClass.ofSymbol("f")).contains(AamiClass.Q);
    assertThat(AamiClass.ofSymbol("Q")).contains(AamiClass.Q);
    assertThat(AamiClass.table()).hasSize(15);
  }

  @Test
  void nonBeatAnnotationsAreNotBeats() {
    for (String s : new String[] {"+", "~", "|", "x", "!", "[", "]", "\"", "p", "t"}) {
      assertThat(AamiClass.isBeat(s)).as(s).isFalse();
    }
  }

  @Test
  void labelIndexIsVocabularyPosition() {
    for (AamiClass c : AamiClass.values()) {
      assertThat(AamiClass.ofIndex(c.ordinal())).isEqualTo(c);
      assertThat(AamiClass.vocabulary().get(c.ordinal())).isEqualTo(c.name());
    }
  }
}
