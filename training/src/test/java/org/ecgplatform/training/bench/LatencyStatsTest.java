package org.ecgplatform.training.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.ecgplatform.training.model.ChunkGeometry;
import org.ecgplatform.training.model.SequenceDirection;
import org.junit.jupiter.api.Test;

/** The latency benchmark's pure parts: percentiles, and which sequences carry state through a beat. */
class LatencyStatsTest {

  @Test
  void nearestRankPercentilesAreMeasuredValues() {
    long[] sorted = new long[20];
    for (int i = 0; i < sorted.length; i++) {
      sorted[i] = (i + 1) * 10L;
    }
    assertThat(LatencyStats.percentile(sorted, 50)).isEqualTo(100); // rank 10 of 20
    assertThat(LatencyStats.percentile(sorted, 95)).isEqualTo(190); // rank 19, not 20 (no float round-up)
    assertThat(LatencyStats.percentile(sorted, 100)).isEqualTo(200);
    assertThat(LatencyStats.percentile(new long[] {7}, 95)).isEqualTo(7);
    assertThat(LatencyStats.percentile(new long[] {1, 2, 3}, 1)).isEqualTo(1);
    assertThatThrownBy(() -> LatencyStats.percentile(sorted, 0)).hasMessageContaining("(0, 100]");
    assertThatThrownBy(() -> LatencyStats.percentile(new long[0], 50)).hasMessageContaining("no values");
  }

  @Test
  void statsSortACopyAndConvertToMilliseconds() {
    long[] nanos = {3_000_000, 1_000_000, 2_000_000, 10_000_000};
    LatencyStats s = LatencyStats.ofNanos(nanos);
    assertThat(s.count()).isEqualTo(4);
    assertThat(s.medianMs()).isEqualTo(2.0);
    assertThat(s.p95Ms()).isEqualTo(10.0);
    assertThat(s.meanMs()).isEqualTo(4.0);
    assertThat(nanos).containsExactly(3_000_000, 1_000_000, 2_000_000, 10_000_000);
    assertThatThrownBy(() -> LatencyStats.ofNanos(new long[0])).hasMessageContaining("no calls");
  }

  /**
   * The carried-state schedule agrees with the platform's scoring spans: beat b is a step of
   * sequence k exactly when the scoring span of k's core holds b, and the first such k is the
   * sequence whose core holds b.
   */
  @Test
  void sequencesHoldingABeatAreThoseWhoseScoringSpanHoldsIt() {
    for (ChunkGeometry g : List.of(ChunkGeometry.of(32, 8, SequenceDirection.CAUSAL),
        ChunkGeometry.of(10, 7, SequenceDirection.CAUSAL), ChunkGeometry.of(5, 0, SequenceDirection.CAUSAL))) {
      int beats = 200;
      for (int b = 0; b < beats; b++) {
        List<Integer> expected = new ArrayList<>();
        for (int k = 0; k * g.stride() < beats; k++) {
          int[] span = g.scoringSpan(k * g.stride(), beats);
          if (span[0] <= b && b < span[1]) {
            expected.add(k);
          }
        }
        int[] range = CarriedStateScorer.sequencesHolding(b, g);
        List<Integer> actual = new ArrayList<>();
        for (int k = range[0]; k <= range[1]; k++) {
          if (k * g.stride() < beats) {
            actual.add(k);
          }
        }
        assertThat(actual).as("beat %d of %s", b, g).isEqualTo(expected);
        assertThat(g.scoringSpan(b, beats)).isEqualTo(g.scoringSpan(range[0] * g.stride(), beats));
      }
    }
  }

  @Test
  void aGeometryWithContextAfterTheCoreCannotBeStepped() {
    assertThatThrownBy(() -> CarriedStateScorer.sequencesHolding(0, ChunkGeometry.of(32, 8, SequenceDirection.BIDIRECTIONAL)))
        .hasMessageContaining("4 beats of context after each core");
  }
}
