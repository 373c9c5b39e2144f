package org.ecgplatform.evaluation.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.ecgplatform.etl.beats.AamiClass;
import org.junit.jupiter.api.Test;

class RhythmSummaryTest {

  private static AamiClass[] classes(String s) {
    AamiClass[] c = new AamiClass[s.length()];
    for (int i = 0; i < c.length; i++) {
      c[i] = AamiClass.valueOf(String.valueOf(s.charAt(i)));
    }
    return c;
  }

  /** Beats every {@code rrS} seconds from {@code startS}. */
  private static double[] regular(int n, double startS, double rrS) {
    double[] t = new double[n];
    for (int i = 0; i < n; i++) {
      t[i] = startS + i * rrS;
    }
    return t;
  }

  @Test
  void countsClassesRunsAndBurden() {
    //                     VV (2)  SSS run  SS couplet  VVVV (4)  SSSS run
    AamiClass[] c = classes("NNVVNSSSNSSNVVVVNNSSSSNF");
    RhythmSummary s = RhythmSummary.of("r1", regular(c.length, 1.0, 0.75), c, 3);

    assertThat(s.beats()).isEqualTo(24);
    assertThat(s.count(AamiClass.N)).isEqualTo(8);
    assertThat(s.count(AamiClass.S)).isEqualTo(9);
    assertThat(s.count(AamiClass.V)).isEqualTo(6);
    assertThat(s.count(AamiClass.F)).isEqualTo(1);
    assertThat(s.count(AamiClass.Q)).isZero();
    assertThat(s.perClass().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(s.beats());
    assertThat(s.longestVRun()).isEqualTo(4);
    assertThat(s.sRuns()).isEqualTo(2);
    assertThat(s.ectopyBurden()).isCloseTo(15.0 / 24, within(1e-12));
    assertThat(s.meanHeartRateBpm()).isCloseTo(80.0, within(1e-9));
    assertThat(s.durationS()).isCloseTo(23 * 0.75, within(1e-9));
  }

  @Test
  void aRunAtTheEndCountsAndMinRunBeatsIsHonoured() {
    AamiClass[] c = classes("NSSNSS");
    assertThat(RhythmSummary.of("r", regular(6, 0, 1), c, 3).sRuns()).isZero();
    assertThat(RhythmSummary.of("r", regular(6, 0, 1), c, 2).sRuns()).isEqualTo(2);
    assertThat(RhythmSummary.of("r", regular(1, 0, 1), classes("V"), 3).longestVRun()).isEqualTo(1);
  }

  @Test
  void hoursSplitTheRecordAndAddUpToIt() {
    // 1 beat/s for 2.5 hours, a V every 100th beat, a 5-beat V run in hour 1.
    int n = 9000;
    double[] t = regular(n, 0.5, 1.0);
    AamiClass[] c = new AamiClass[n];
    for (int i = 0; i < n; i++) {
      c[i] = i % 100 == 99 ? AamiClass.V : AamiClass.N;
    }
    for (int i = 4010; i < 4015; i++) {
      c[i] = AamiClass.V;
    }
    RhythmSummary s = RhythmSummary.of("long", t, c, 3);

    assertThat(s.hours()).extracting(RhythmSummary.Hour::hour).containsExactly(0, 1, 2);
    assertThat(s.hours()).extracting(RhythmSummary.Hour::beats).containsExactly(3600L, 3600L, 1800L);
    assertThat(s.hours().stream().mapToLong(h -> h.perClass().get(AamiClass.V)).sum()).isEqualTo(s.count(AamiClass.V));
    assertThat(s.hours()).extracting(RhythmSummary.Hour::longestVRun).containsExactly(1, 5, 1);
    assertThat(s.longestVRun()).isEqualTo(5);
    assertThat(s.meanHeartRateBpm()).isCloseTo(60.0, within(1e-9));
    assertThat(s.hours().get(2).meanHeartRateBpm()).isCloseTo(60.0, within(1e-9));
  }

  @Test
  void undefinedFiguresWithoutEnoughBeats() {
    RhythmSummary none = RhythmSummary.of("empty", new double[0], new AamiClass[0], 3);
    assertThat(none.beats()).isZero();
    assertThat(none.meanHeartRateBpm()).isNaN();
    assertThat(none.ectopyBurden()).isNaN();
    assertThat(none.hours()).isEmpty();
    assertThat(RhythmSummary.of("one", new double[] {2}, classes("N"), 3).meanHeartRateBpm()).isNaN();
  }

  @Test
  void rejectsBeatsOutOfOrder() {
    assertThatThrownBy(() -> RhythmSummary.of("r9", new double[] {1, 0.5}, classes("NN"), 3))
        .hasMessageContaining("r9").hasMessageContaining("time order");
  }
}
