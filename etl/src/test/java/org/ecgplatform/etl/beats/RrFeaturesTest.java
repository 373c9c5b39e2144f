package org.ecgplatform.etl.beats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RrFeaturesTest {

  @Test
  void prevNextLocalAndMeanInSeconds() {
    // intervals 1.0, 0.5, 1.5, 1.0 s at 100 Hz
    long[] beats = {0, 100, 150, 300, 400};
    RrFeatures[] rr = RrFeatures.compute(beats, 100, 2);
    assertThat(rr[2].prevS()).isCloseTo(0.5, within(1e-12));
    assertThat(rr[2].nextS()).isCloseTo(1.5, within(1e-12));
    assertThat(rr[3].localS()).isCloseTo((0.5 + 1.5) / 2, within(1e-12));
    assertThat(rr[1].localS()).isCloseTo(1.0, within(1e-12));
    assertThat(rr[4].localS()).isCloseTo((1.5 + 1.0) / 2, within(1e-12));
    for (RrFeatures f : rr) {
      assertThat(f.meanS()).isCloseTo(1.0, within(1e-12));
    }
  }

  @Test
  void firstBeatBorrowsNextAndLastBorrowsPrevious() {
    RrFeatures[] rr = RrFeatures.compute(new long[] {0, 100, 150}, 100, 10);
    assertThat(rr[0].prevS()).isEqualTo(rr[0].nextS()).isCloseTo(1.0, within(1e-12));
    assertThat(rr[0].localS()).isCloseTo(1.0, within(1e-12));
    assertThat(rr[2].nextS()).isEqualTo(rr[2].prevS()).isCloseTo(0.5, within(1e-12));
  }

  @Test
  void localMeanUsesTenPrecedingIntervals() {
    long[] beats = new long[30];
    for (int i = 1; i < beats.length; i++) {
      beats[i] = beats[i - 1] + (i <= 15 ? 100 : 50);
    }
    RrFeatures[] rr = RrFeatures.compute(beats, 100, 10);
    assertThat(rr[15].localS()).isCloseTo(1.0, within(1e-12));
    assertThat(rr[20].localS()).isCloseTo((5 * 0.5 + 5 * 1.0) / 10, within(1e-12));
    assertThat(rr[29].localS()).isCloseTo(0.5, within(1e-12));
    assertThat(rr[5].localS()).isCloseTo(1.0, within(1e-12));
  }

  @Test
  void theLongerAverageSpansMoreIntervalsAndIsAbsentWhenOff() {
    // 15 intervals of 1.0 s, then a run at 0.5 s
    long[] beats = new long[30];
    for (int i = 1; i < beats.length; i++) {
      beats[i] = beats[i - 1] + (i <= 15 ? 100 : 50);
    }
    RrFeatures[] rr = RrFeatures.compute(beats, 100, 4, 12);
    assertThat(rr[19].localS()).as("the run fills the short average").isCloseTo(0.5, within(1e-12));
    assertThat(rr[19].longS()).isCloseTo((8 * 1.0 + 4 * 0.5) / 12, within(1e-12));
    assertThat(rr[3].longS()).as("fewer intervals than asked: those there are").isCloseTo(1.0, within(1e-12));
    assertThat(rr[0].longS()).isEqualTo(rr[0].localS());
    RrFeatures[] off = RrFeatures.compute(beats, 100, 4);
    assertThat(off[19].longS()).isNaN();
    assertThat(off[19].localS()).isEqualTo(rr[19].localS());
  }

  @Test
  void singleBeatHasNoIntervals() {
    RrFeatures[] rr = RrFeatures.compute(new long[] {42}, 360, 10);
    assertThat(rr[0].prevS()).isNaN();
    assertThat(rr[0].meanS()).isNaN();
    assertThat(RrFeatures.compute(new long[] {42}, 360, 10, 32)[0].longS()).isNaN();
    assertThat(RrFeatures.compute(new long[0], 360, 10)).isEmpty();
  }
}
