package org.ecgplatform.evaluation.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.ecgplatform.etl.beats.AamiClass;
import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {

  @Test
  void addsMergesAndTotals() {
    ConfusionMatrix a = new ConfusionMatrix().add(AamiClass.V, AamiClass.N).add(AamiClass.V, AamiClass.V);
    ConfusionMatrix b = new ConfusionMatrix().add(AamiClass.V, AamiClass.N).add(0, 0, 5);
    ConfusionMatrix m = a.merge(b);
    assertThat(m.count(AamiClass.V, AamiClass.N)).isEqualTo(2);
    assertThat(m.count(AamiClass.N, AamiClass.N)).isEqualTo(5);
    assertThat(m.total()).isEqualTo(8);
    assertThat(m.referenceTotal(AamiClass.V)).isEqualTo(3);
    assertThat(m.predictedTotal(AamiClass.N)).isEqualTo(7);
    assertThat(m.correct()).isEqualTo(6);
    // merge leaves its inputs alone
    assertThat(a.total()).isEqualTo(2);
    assertThat(ConfusionMatrix.of(m.toArray())).isEqualTo(m);
  }

  @Test
  void rejectsLabelsOutsideTheVocabulary() {
    assertThatThrownBy(() -> new ConfusionMatrix().add(5, 0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("reference label index 5");
  }
}
