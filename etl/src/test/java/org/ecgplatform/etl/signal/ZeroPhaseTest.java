package org.ecgplatform.etl.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.ecgplatform.etl.signal.SignalTestSignals.argMax;
import static org.ecgplatform.etl.signal.SignalTestSignals.gaussianPulse;

import org.junit.jupiter.api.Test;

class ZeroPhaseTest {
  private static final double FS = 360.0;

  @Test
  void symmetricPulseStaysCentredAndSymmetric() {
    double[] x = gaussianPulse(1001, 500, 6, 1.0);
    SosFilter lp = Butterworth.lowPass(4, 15, FS);
    double[] y = ZeroPhase.filtfilt(lp, x, 100);
    assertThat(argMax(y)).isEqualTo(500);
    for (int k = 1; k < 100; k++) {
      assertThat(y[500 + k]).as("lag %d", k).isCloseTo(y[500 - k], within(1e-6));
    }
    // The causal filter alone moves the peak later: the test above can fail.
    assertThat(argMax(lp.filter(x))).isGreaterThan(502);
  }

  @Test
  void constantOffsetPassesALowPassWithoutEdgeTransient() {
    double[] x = new double[500];
    java.util.Arrays.fill(x, 3.0);
    double[] y = ZeroPhase.filtfilt(Butterworth.lowPass(4, 40, FS), x, 30);
    for (double v : y) {
      assertThat(v).isCloseTo(3.0, within(1e-9));
    }
  }

  @Test
  void shortSignalsAreHandled() {
    assertThat(ZeroPhase.filtfilt(Butterworth.lowPass(2, 40, FS), new double[] {1.0}, 30)[0]).isCloseTo(1.0, within(1e-12));
    assertThat(ZeroPhase.filtfilt(Butterworth.lowPass(2, 40, FS), new double[0], 30)).isEmpty();
  }
}
