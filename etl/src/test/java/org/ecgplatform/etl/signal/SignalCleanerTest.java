package org.ecgplatform.etl.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.ecgplatform.etl.signal.SignalTestSignals.amplitudeAt;
import static org.ecgplatform.etl.signal.SignalTestSignals.argMax;
import static org.ecgplatform.etl.signal.SignalTestSignals.gaussianPulse;
import static org.ecgplatform.etl.signal.SignalTestSignals.sine;

import org.ecgplatform.common.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SignalCleanerTest {
  private static final double FS = 360.0;
  private static final int N = 36_000;
  private static final int EDGE = 3_600;

  private static double gain(CleaningConfig config, double freqHz) {
    double[] y = new SignalCleaner(config).clean(sine(freqHz, FS, N, 1.0, 0.7), FS);
    return amplitudeAt(y, freqHz, FS, EDGE, N - EDGE);
  }

  @ParameterizedTest
  @ValueSource(doubles = {1.0, 5.0, 10.0, 15.0})
  void lowPassKeepsPassBandWithinOnePercent(double freqHz) {
    CleaningConfig lpOnly = CleaningConfig.defaults().withBaseline(CleaningConfig.Baseline.NONE);
    assertThat(gain(lpOnly, freqHz)).isCloseTo(1.0, within(0.01));
  }

  @ParameterizedTest
  @ValueSource(doubles = {80.0, 100.0, 150.0})
  void lowPassAttenuatesStopBand(double freqHz) {
    CleaningConfig lpOnly = CleaningConfig.defaults().withBaseline(CleaningConfig.Baseline.NONE);
    assertThat(gain(lpOnly, freqHz)).isLessThan(0.01);
  }

  @Test
  void highPassRemovesWanderAndKeepsEcgBand() {
    CleaningConfig hp = CleaningConfig.defaults().withBaseline(CleaningConfig.Baseline.HIGH_PASS).withLowPassHz(0);
    assertThat(gain(hp, 0.05)).isLessThan(0.02);
    assertThat(gain(hp, 5.0)).isCloseTo(1.0, within(0.01));
  }

  @Test
  void notchRemovesMains() {
    CleaningConfig notch = CleaningConfig.none().withNotchHz(50);
    assertThat(gain(notch, 50)).isLessThan(0.01);
    assertThat(gain(notch, 10)).isCloseTo(1.0, within(0.01));
  }

  @Test
  void medianBaselineRemovalRemovesSlowWanderAndKeepsPulsesInPlace() {
    int n = 7200;
    double[] x = sine(0.2, FS, n, 0.5, 0.0);
    double[] pulses = new double[n];
    for (int c = 300; c < n - 300; c += 288) {
      double[] p = gaussianPulse(n, c, 4, 1.0);
      for (int i = 0; i < n; i++) {
        pulses[i] += p[i];
      }
    }
    for (int i = 0; i < n; i++) {
      x[i] += pulses[i];
    }
    double[] y = SignalCleaner.removeBaselineByMedians(x, FS, 0.2, 0.6);
    double maxErr = 0;
    for (int i = 400; i < n - 400; i++) {
      maxErr = Math.max(maxErr, Math.abs(y[i] - pulses[i]));
    }
    // The medians follow a slow wave except near its extrema (error ~ A(1 - cos(2π f w/4)) per filter).
    assertThat(maxErr).isLessThan(0.05);
    double[] seg = java.util.Arrays.copyOfRange(y, 300 + 288 * 5 - 50, 300 + 288 * 5 + 51);
    assertThat(argMax(seg)).isEqualTo(50);
  }

  @Test
  void noneLeavesTheSignalUnchanged() {
    double[] x = sine(7, FS, 1000, 1.0, 0.0);
    assertThat(new SignalCleaner(CleaningConfig.none()).clean(x, FS)).containsExactly(x);
  }

  @Test
  void configRejectsBadValuesNamingFieldAndValue() {
    assertThatThrownBy(() -> CleaningConfig.defaults().withLowPassHz(-1))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("etl.cleaning.lowpass-hz")
        .hasMessageContaining("-1.0");
    assertThatThrownBy(
            () -> new CleaningConfig(CleaningConfig.Baseline.MEDIAN, 0.6, 0.2, 0.5, 2, 40, 4, 0, 30))
        .hasMessageContaining("cleaning.medianLongS");
    assertThatThrownBy(() -> new SignalCleaner(CleaningConfig.defaults().withLowPassHz(200)).clean(new double[10], FS))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("200.0");
  }
}
