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
import org.junit.jupiter.params.provider.CsvSource;

class ResamplerTest {

  @ParameterizedTest
  @CsvSource({"250,36,25", "500,18,25", "128,45,16", "360,1,1", "1000,9,25"})
  void reducesTheRatioByGcd(int fsIn, int up, int down) {
    Resampler r = new Resampler(fsIn, ResamplingConfig.defaults());
    assertThat(r.up()).isEqualTo(up);
    assertThat(r.down()).isEqualTo(down);
  }

  @ParameterizedTest
  @CsvSource({"250,7.3", "250,40", "500,23", "128,11"})
  void sineMatchesTheAnalyticSineAwayFromTheEdges(int fsIn, double freqHz) {
    int n = fsIn * 20;
    double phase = 0.4;
    Resampler r = new Resampler(fsIn, ResamplingConfig.defaults());
    double[] y = r.resample(sine(freqHz, fsIn, n, 1.0, phase));
    assertThat(y).hasSize(r.outputLength(n));
    double[] expected = sine(freqHz, 360, y.length, 1.0, phase);
    for (int j = 360; j < y.length - 360; j++) {
      assertThat(y[j]).as("sample %d", j).isCloseTo(expected[j], within(2e-3));
    }
  }

  @Test
  void constantStaysConstantUpToTheEdges() {
    double[] x = new double[1000];
    java.util.Arrays.fill(x, 2.5);
    for (double v : new Resampler(250, ResamplingConfig.defaults()).resample(x)) {
      assertThat(v).isCloseTo(2.5, within(1e-9));
    }
  }

  @Test
  void toneAboveTheNewNyquistIsSuppressed() {
    int fsIn = 500;
    int n = fsIn * 20;
    double[] y = new Resampler(fsIn, ResamplingConfig.defaults()).resample(sine(220, fsIn, n, 1.0, 0));
    // 220 Hz would alias to 360 - 220 = 140 Hz.
    assertThat(amplitudeAt(y, 140, 360, 360, y.length - 360)).isLessThan(1e-3);
    double rms = 0;
    for (int j = 360; j < y.length - 360; j++) {
      rms += y[j] * y[j];
    }
    assertThat(Math.sqrt(rms / (y.length - 720))).isLessThan(1e-3);
  }

  @ParameterizedTest
  @CsvSource({"250,1000", "250,1001", "250,1003", "500,2001", "128,517"})
  void pulseMovesToTheMappedSampleAndTheAnnotationSitsOnThePeak(int fsIn, int k) {
    Resampler r = new Resampler(fsIn, ResamplingConfig.defaults());
    double sigma = fsIn * 0.012;
    double[] y = r.resample(gaussianPulse(fsIn * 10, k, sigma, 1.0));
    long mapped = r.mapSample(k);
    assertThat(mapped).isEqualTo(Math.round((double) k * r.up() / r.down()));
    assertThat((long) argMax(y)).isEqualTo(mapped);
  }

  @Test
  void mapSamplesRoundsHalvesUp() {
    Resampler r = new Resampler(720, ResamplingConfig.defaults()); // 1/2
    assertThat(r.mapSamples(new long[] {0, 1, 2, 3, 5})).containsExactly(0, 1, 1, 2, 3);
  }

  @Test
  void identityWhenRatesMatch() {
    Resampler r = new Resampler(360, ResamplingConfig.defaults());
    double[] x = sine(3, 360, 100, 1, 0);
    assertThat(r.isIdentity()).isTrue();
    assertThat(r.resample(x)).containsExactly(x);
    assertThat(r.mapSamples(new long[] {0, 17, 99})).containsExactly(0, 17, 99);
  }

  @Test
  void rejectsFractionalInputRate() {
    assertThatThrownBy(() -> new Resampler(250.5, ResamplingConfig.defaults()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("250.5");
    assertThatThrownBy(() -> ResamplingConfig.to(0)).hasMessageContaining("etl.target-fs-hz");
  }

  @Test
  void besselI0KnownValues() {
    assertThat(Resampler.besselI0(0)).isEqualTo(1.0);
    assertThat(Resampler.besselI0(1)).isCloseTo(1.2660658777520082, within(1e-14));
  }
}
