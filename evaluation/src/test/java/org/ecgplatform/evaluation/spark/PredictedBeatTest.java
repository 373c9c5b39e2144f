package org.ecgplatform.evaluation.spark;

import static org.assertj.core.api.Assertions.assertThat;

import org.ecgplatform.etl.beats.AamiClass;
import org.junit.jupiter.api.Test;

class PredictedBeatTest {

  @Test
  void everyPredictedClassIsWrittenAsAnMitSymbolOfThatClass() {
    for (AamiClass c : AamiClass.values()) {
      String symbol = new PredictedBeat(0, 0, c, AamiClass.N).mitSymbol();
      // the one symbol table maps it back to the same class, as bxb's AAMI mapping does
      assertThat(AamiClass.ofSymbol(symbol)).contains(c);
    }
    assertThat(PredictedBeat.MIT_SYMBOL).containsEntry(AamiClass.S, "A").hasSize(5);
  }
}
