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
  void singleBeatHasNoIntervals() {
    RrFeatures[] rr = RrFeatures.compute(new long[] {42}, 360, 10);
    assertThat(rr[0].prevS()).isNaN();
    assertThat(rr[0].meanS()).isNaN();
    assertThat(RrFeatures.compute(new long[0], 360, 10)).isEmpty();
  }

  @Test
  void irregularityIsLowAroundAnIsolatedEctopicBeatAndHighInAnIrregularRhythm() {
    // Sinus rhythm at 1 s (100 Hz sampling) with one premature beat (0.6 s, then a 1.4 s pause) at index 20.
    long[] sinus = new long[41];
    for (int i = 1; i < sinus.length; i++) {
      sinus[i] = sinus[i - 1] + (i == 20 ? 60 : i == 21 ? 140 : 100);
    }
    RrFeatures[] rr = RrFeatures.compute(sinus, 100, 10);
    assertThat(rr[20].prevS()).isCloseTo(0.6, within(1e-9));
    assertThat(rr[20].irregularity()).isZero(); // its own intervals are left out
    assertThat(rr[18].irregularity()).isZero(); // the median ignores the two nearby jumps
    assertThat(rr[5].irregularity()).isZero();

    // "Atrial fibrillation": intervals alternating irregularly between 0.5 and 1.0 s.
    long[] af = new long[41];
    java.util.Random rnd = new java.util.Random(1);
    for (int i = 1; i < af.length; i++) {
      af[i] = af[i - 1] + 50 + rnd.nextInt(51);
    }
    RrFeatures[] irregular = RrFeatures.compute(af, 100, 10);
    assertThat(irregular[20].irregularity()).isGreaterThan(0.15);

    // Too few intervals for two differences: 0.
    assertThat(RrFeatures.compute(new long[] {0, 100, 200}, 100, 10)[1].irregularity()).isZero();
    assertThat(RrFeatures.compute(new long[] {42}, 360, 10)[0].irregularity()).isZero();
  }
}
