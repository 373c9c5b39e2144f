package org.ecgplatform.etl.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.ecgplatform.etl.signal.SignalTestSignals.amplitudeAt;
import static org.ecgplatform.etl.signal.SignalTestSignals.sine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ButterworthTest {
  private static final double FS = 360.0;

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5, 8})
  void lowPassIsMinus3DbAtCutoffAndMaximallyFlat(int order) {
    SosFilter lp = Butterworth.lowPass(order, 40, FS);
    assertThat(lp.magnitudeAt(40, FS)).isCloseTo(Math.sqrt(0.5), within(1e-9));
    assertThat(lp.magnitudeAt(0, FS)).isCloseTo(1.0, within(1e-12));
    assertThat(lp.order()).isEqualTo(order);
  }

  @Test
  void highPassIsMinus3DbAtCutoffAndBlocksDc() {
    SosFilter hp = Butterworth.highPass(2, 0.5, FS);
    assertThat(hp.magnitudeAt(0.5, FS)).isCloseTo(Math.sqrt(0.5), within(1e-9));
    assertThat(hp.magnitudeAt(0, FS)).isCloseTo(0.0, within(1e-12));
    assertThat(hp.magnitudeAt(FS / 2, FS)).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void bilinearWarpingGivesZeroAtNyquistForLowPass() {
    assertThat(Butterworth.lowPass(4, 40, FS).magnitudeAt(FS / 2, FS)).isLessThan(1e-12);
  }

  @Test
  void notchRemovesMainsAndPassesNeighbours() {
    SosFilter notch = Butterworth.notch(60, 30, FS);
    assertThat(notch.magnitudeAt(60, FS)).isLessThan(1e-12);
    assertThat(notch.magnitudeAt(50, FS)).isGreaterThan(0.9);
    assertThat(notch.magnitudeAt(5, FS)).isCloseTo(1.0, within(1e-3));
  }

  @Test
  void filterMatchesItsAnalyticResponseOnASine() {
    SosFilter lp = Butterworth.lowPass(4, 40, FS);
    double[] x = sine(60, FS, 7200, 1.0, 0.3);
    double[] y = lp.filter(x);
    assertThat(amplitudeAt(y, 60, FS, 1800, 7200)).isCloseTo(lp.magnitudeAt(60, FS), within(1e-4));
  }
}
