package org.ecgplatform.etl.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SlidingMedianTest {

  /** O(n·w log w) reference with the same truncated-window edge rule. */
  private static double[] bruteForce(double[] x, int w) {
    int h = w / 2;
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      int lo = Math.max(0, i - h);
      int hi = Math.min(x.length - 1, i + h);
      double[] win = Arrays.copyOfRange(x, lo, hi + 1);
      Arrays.sort(win);
      int m = win.length;
      y[i] = m % 2 == 1 ? win[m / 2] : 0.5 * (win[m / 2 - 1] + win[m / 2]);
    }
    return y;
  }

  @ParameterizedTest
  @CsvSource({"1,50", "3,50", "7,500", "73,2000", "217,3000", "301,100", "5,4"})
  void matchesBruteForceOnRandomData(int window, int n) {
    Random rnd = new Random(window * 31L + n);
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = rnd.nextGaussian();
    }
    assertThat(SlidingMedian.filter(x, window)).containsExactly(bruteForce(x, window));
  }

  @Test
  void matchesBruteForceWithManyTies() {
    Random rnd = new Random(7);
    double[] x = new double[3000];
    for (int i = 0; i < x.length; i++) {
      x[i] = rnd.nextInt(4);
    }
    assertThat(SlidingMedian.filter(x, 31)).containsExactly(bruteForce(x, 31));
  }

  @Test
  void removesImpulsesAndKeepsSteps() {
    double[] x = new double[100];
    for (int i = 50; i < 100; i++) {
      x[i] = 1.0;
    }
    x[20] = 10.0;
    double[] y = SlidingMedian.filter(x, 5);
    assertThat(y[20]).isEqualTo(0.0);
    assertThat(y[49]).isEqualTo(0.0);
    assertThat(y[50]).isEqualTo(1.0);
  }

  @Test
  void rejectsEvenWindow() {
    assertThatThrownBy(() -> SlidingMedian.filter(new double[3], 4)).hasMessageContaining("4");
  }

  @Test
  void oddWindowForDurations() {
    assertThat(SlidingMedian.oddWindowSamples(0.2, 360)).isEqualTo(73);
    assertThat(SlidingMedian.oddWindowSamples(0.6, 360)).isEqualTo(217);
    assertThat(SlidingMedian.oddWindowSamples(0.2, 250)).isEqualTo(51);
  }
}
