package org.ecgplatform.evaluation.rhythm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SvtRunRuleTest {
  private static final int N = 0;
  private static final int S = 1;
  private static final int V = 2;
  private static final SvtRunRule RULE = new SvtRunRule(0.6, 0.9, 0.15);
  private static final double MEAN = 0.8;

  @Test
  void carriesAnSCallThroughTheBeatsThatKeepTheRunsPace() {
    // sinus at 0.8 s, a run at 0.45 s opened by a beat called S, the rest of the run called N
    double[] rr = {0.8, 0.8, 0.45, 0.46, 0.44, 0.47, 0.45, 0.9, 0.8};
    int[] called = {N, N, S, N, N, N, N, N, N};
    assertThat(RULE.apply(rr, MEAN, called, S, N)).containsExactly(N, N, S, S, S, S, S, N, N);
  }

  @Test
  void endsTheRunAtABeatOffThePaceSlowerOrOfAnotherClass() {
    // off the pace: 0.45 -> 0.55 is 22 % longer
    assertThat(RULE.apply(new double[] {0.45, 0.46, 0.55, 0.45}, MEAN, new int[] {S, N, N, N}, S, N))
        .containsExactly(S, S, N, N);
    // slower than the clinical limit, although on the pace of an opening beat at 0.58 s
    assertThat(RULE.apply(new double[] {0.58, 0.59, 0.62, 0.59}, 1.0, new int[] {S, N, N, N}, S, N))
        .containsExactly(S, S, N, N);
    // a V beat ends it; the N beats after it stay N
    assertThat(RULE.apply(new double[] {0.45, 0.45, 0.45, 0.45}, MEAN, new int[] {S, V, N, N}, S, N))
        .containsExactly(S, V, N, N);
  }

  @Test
  void opensNoRunFromAnSBeatThatIsNotFastOrFromAnNBeat() {
    // 0.55 s is under 0.6 s but above 0.9 x a mean of 0.58 s: not fast for this record
    assertThat(RULE.apply(new double[] {0.55, 0.52, 0.52}, 0.58, new int[] {S, N, N}, S, N)).containsExactly(S, N, N);
    // an S beat at 0.7 s (not a tachycardia) opens nothing
    assertThat(RULE.apply(new double[] {0.7, 0.45, 0.45}, MEAN, new int[] {S, N, N}, S, N)).containsExactly(S, N, N);
    assertThat(RULE.apply(new double[] {0.45, 0.45, 0.45}, MEAN, new int[] {N, N, N}, S, N)).containsExactly(N, N, N);
    // unknown intervals are never fast
    assertThat(RULE.apply(new double[] {Double.NaN, 0.45}, MEAN, new int[] {S, N}, S, N)).containsExactly(S, N);
    assertThat(RULE.apply(new double[] {0.45, Double.NaN}, MEAN, new int[] {S, N}, S, N)).containsExactly(S, N);
  }

  @Test
  void theBeatThatBreaksARunMayOpenTheNext() {
    // the run at 0.45 s breaks at an S beat at 0.3 s, which opens a run at its own pace
    double[] rr = {0.45, 0.45, 0.3, 0.31, 0.45};
    assertThat(RULE.apply(rr, MEAN, new int[] {S, N, S, N, N}, S, N)).containsExactly(S, S, S, S, N);
  }

  @Test
  void keepsThePaceOfTheOpeningBeatNotOfTheLast() {
    // each interval within 15 % of the one before, but the third 17.5 % from the opening beat's
    double[] rr = {0.40, 0.43, 0.455, 0.47};
    assertThat(RULE.apply(rr, MEAN, new int[] {S, N, N, N}, S, N)).containsExactly(S, S, S, N);
  }

  @Test
  void aNewRecordEndsTheRunAndTheStreamMatchesTheWholeRecordForm() {
    SvtRunRule.Stream stream = RULE.stream(S, N);
    assertThat(stream.next("a", 0.45, MEAN, S)).isEqualTo(S);
    assertThat(stream.next("a", 0.45, MEAN, N)).isEqualTo(S);
    assertThat(stream.next("b", 0.45, MEAN, N)).isEqualTo(N);

    java.util.Random random = new java.util.Random(7);
    for (int trial = 0; trial < 200; trial++) {
      int n = 1 + random.nextInt(60);
      double[] rr = new double[n];
      int[] called = new int[n];
      for (int i = 0; i < n; i++) {
        rr[i] = 0.3 + 0.6 * random.nextDouble();
        called[i] = random.nextInt(10) < 6 ? N : random.nextInt(10) < 7 ? S : V;
      }
      int[] whole = RULE.apply(rr, MEAN, called, S, N);
      SvtRunRule.Stream s = RULE.stream(S, N);
      int[] streamed = new int[n];
      for (int i = 0; i < n; i++) {
        streamed[i] = s.next("r", rr[i], MEAN, called[i]);
      }
      assertThat(streamed).containsExactly(whole);
      for (int i = 0; i < n; i++) {
        // only N beats change, and only into S
        if (whole[i] != called[i]) {
          assertThat(called[i]).as("beat %d of %s", i, Arrays.toString(called)).isEqualTo(N);
          assertThat(whole[i]).isEqualTo(S);
        }
      }
    }
  }

  @Test
  void refusesSettingsOutOfRange() {
    assertThatThrownBy(() -> new SvtRunRule(0, 0.9, 0.15)).hasMessageContaining("max-rr-s");
    assertThatThrownBy(() -> new SvtRunRule(0.6, Double.NaN, 0.15)).hasMessageContaining("max-rr-of-mean");
    assertThatThrownBy(() -> new SvtRunRule(0.6, 0.9, 1)).hasMessageContaining("rr-tolerance");
    assertThatThrownBy(() -> RULE.stream(S, S)).hasMessageContaining("S and N");
    assertThatThrownBy(() -> RULE.apply(new double[2], MEAN, new int[3], S, N)).hasMessageContaining("2 RR intervals for 3");
  }
}
