package org.ecgplatform.etl.signal;

/** Generated test signals with known answers. */
final class SignalTestSignals {
  private SignalTestSignals() {}

  static double[] sine(double freqHz, double fsHz, int n, double amplitude, double phaseRad) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = amplitude * Math.sin(2 * Math.PI * freqHz * i / fsHz + phaseRad);
    }
    return x;
  }

  /** Amplitude of a sinusoid of known frequency by least squares on [from, to). */
  static double amplitudeAt(double[] x, double freqHz, double fsHz, int from, int to) {
    double sc = 0;
    double ss = 0;
    double cc = 0;
    double xs = 0;
    double xc = 0;
    for (int i = from; i < to; i++) {
      double s = Math.sin(2 * Math.PI * freqHz * i / fsHz);
      double c = Math.cos(2 * Math.PI * freqHz * i / fsHz);
      ss += s * s;
      cc += c * c;
      sc += s * c;
      xs += x[i] * s;
      xc += x[i] * c;
    }
    double det = ss * cc - sc * sc;
    double a = (xs * cc - xc * sc) / det;
    double b = (xc * ss - xs * sc) / det;
    return Math.hypot(a, b);
  }

  /** Gaussian pulse (a QRS-like bump) of width sigma samples centred at {@code centre}. */
  static double[] gaussianPulse(int n, double centre, double sigmaSamples, double amplitude) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      double d = (i - centre) / sigmaSamples;
      x[i] = amplitude * Math.exp(-0.5 * d * d);
    }
    return x;
  }

  static int argMax(double[] x) {
    int best = 0;
    for (int i = 1; i < x.length; i++) {
      if (x[i] > x[best]) {
        best = i;
      }
    }
    return best;
  }
}
