package org.ecgplatform.training.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.ecgplatform.common.DatasetContractException;
import org.junit.jupiter.api.Test;
import org.assertj.core.api.Assertions;

class EpochPlanTest {
  @Test
  void padsToWholeRoundsAndFillsEveryPartitionExactly() {
    // The case STACK.md measured: 20,000 beats, batch 128, 2 workers, frequency 10. Plain parameter
    // averaging fits 140 of 157 minibatches; this layout fits 160 (every beat, 480 of them twice).
    EpochPlan p = new EpochPlan(20_000, 128, 2, 10);
    assertThat(p.rounds()).isEqualTo(8);
    assertThat(p.batches()).isEqualTo(160);
    assertThat(p.slots()).isEqualTo(20_480);
    assertThat(p.padding()).isEqualTo(480).isLessThan(p.examplesPerRound());
    long[] perPartition = new long[p.partitions()];
    for (long s = 0; s < p.slots(); s++) {
      perPartition[p.partitionOf(s)]++;
    }
    assertThat(perPartition).containsOnly(10L * 128);
  }

  @Test
  void exactMultipleNeedsNoPadding() {
    EpochPlan p = new EpochPlan(1280, 32, 2, 5);
    assertThat(p.padding()).isZero();
    assertThat(p.rounds()).isEqualTo(4);
  }

  @Test
  void classWeightsAreBalancedAndCapped() {
    double[] w = ClassWeights.balanced(new long[] {900, 50, 40, 9, 1}, List.of("N", "S", "V", "F", "Q"), 20);
    assertThat(w[0]).isEqualTo(1000.0 / (5 * 900));
    assertThat(w[1]).isEqualTo(1000.0 / (5 * 50));
    assertThat(w[3]).isEqualTo(20.0);
    assertThat(w[4]).isEqualTo(20.0);
    Assertions.assertThatThrownBy(() -> ClassWeights.balanced(new long[] {5, 0}, List.of("N", "S"), 20))
        .isInstanceOf(DatasetContractException.class).hasMessageContaining("class S");
  }
}
