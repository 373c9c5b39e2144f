package org.ecgplatform.etl.signal;

import java.util.ArrayList;
import java.util.List;

/**
 * Digital Butterworth low-pass and high-pass filters, and a second-order notch, designed by the
 * bilinear transform with frequency pre-warping.
 *
 * <p>Method: the analog Butterworth prototype of order N has its poles on the unit circle at angles
 * {@code θ_k = π(N+1-2k)/(2N)}, k = 1..⌊N/2⌋, either side of the negative real axis, so it factors
 * into ⌊N/2⌋ second-order sections with quality factors {@code Q_k = 1 / (2 cos θ_k)} (plus one first-order section when N
 * is odd). Each section is mapped to the z-plane with {@code s = 2 fs (z-1)/(z+1)} after pre-warping
 * the cut-off to {@code 2 fs tan(π fc / fs)}; for second-order sections this is exactly the
 * "cookbook" biquad of R. Bristow-Johnson (Audio EQ Cookbook), for the first-order section the
 * one-pole bilinear form. The cascade therefore has |H(fc)| = 1/√2 and a maximally flat pass band
 * (S. Butterworth, "On the theory of filter amplifiers", 1930; A. V. Oppenheim &amp; R. W. Schafer,
 * Discrete-Time Signal Processing, §7.1).
 */
public final class Butterworth {
  /** Highest order accepted; higher orders gain nothing for ECG and lose numerical margin. */
  public static final int MAX_ORDER = 10;

  private enum Kind {
    LOW_PASS,
    HIGH_PASS
  }

  private Butterworth() {}

  /** Low-pass of the given order with -3 dB at {@code cutoffHz}. */
  public static SosFilter lowPass(int order, double cutoffHz, double fsHz) {
    return design(Kind.LOW_PASS, order, cutoffHz, fsHz);
  }

  /** High-pass of the given order with -3 dB at {@code cutoffHz}. */
  public static SosFilter highPass(int order, double cutoffHz, double fsHz) {
    return design(Kind.HIGH_PASS, order, cutoffHz, fsHz);
  }

  /**
   * Second-order IIR notch (zeros on the unit circle at {@code notchHz}) with bandwidth {@code
   * notchHz / quality} between the -3 dB points (Bristow-Johnson's cookbook notch).
   */
  public static SosFilter notch(double notchHz, double quality, double fsHz) {
    checkFrequency("notch", notchHz, fsHz);
    if (!(quality > 0)) {
      throw new IllegalArgumentException("Cannot design notch: quality must be > 0, was " + quality);
    }
    double w0 = 2 * Math.PI * notchHz / fsHz;
    double alpha = Math.sin(w0) / (2 * quality);
    double cos = Math.cos(w0);
    double a0 = 1 + alpha;
    return new SosFilter(
        List.of(new SosFilter.Section(1 / a0, -2 * cos / a0, 1 / a0, -2 * cos / a0, (1 - alpha) / a0)));
  }

  private static SosFilter design(Kind kind, int order, double cutoffHz, double fsHz) {
    if (order < 1 || order > MAX_ORDER) {
      throw new IllegalArgumentException(
          "Cannot design Butterworth filter: order " + order + " outside 1.." + MAX_ORDER);
    }
    checkFrequency("Butterworth cut-off", cutoffHz, fsHz);
    double w0 = 2 * Math.PI * cutoffHz / fsHz;
    double cos = Math.cos(w0);
    double sin = Math.sin(w0);
    List<SosFilter.Section> sections = new ArrayList<>();
    for (int k = 1; k <= order / 2; k++) {
      double theta = Math.PI * (order + 1 - 2 * k) / (2.0 * order);
      double q = 1.0 / (2.0 * Math.cos(theta));
      double alpha = sin / (2 * q);
      double a0 = 1 + alpha;
      double a1 = -2 * cos / a0;
      double a2 = (1 - alpha) / a0;
      if (kind == Kind.LOW_PASS) {
        double b = (1 - cos) / 2 / a0;
        sections.add(new SosFilter.Section(b, 2 * b, b, a1, a2));
      } else {
        double b = (1 + cos) / 2 / a0;
        sections.add(new SosFilter.Section(b, -2 * b, b, a1, a2));
      }
    }
    if (order % 2 == 1) {
      double t = Math.tan(w0 / 2);
      double a1 = (t - 1) / (t + 1);
      if (kind == Kind.LOW_PASS) {
        double b = t / (1 + t);
        sections.add(new SosFilter.Section(b, b, 0, a1, 0));
      } else {
        double b = 1 / (1 + t);
        sections.add(new SosFilter.Section(b, -b, 0, a1, 0));
      }
    }
    return new SosFilter(sections);
  }

  private static void checkFrequency(String what, double freqHz, double fsHz) {
    if (!(fsHz > 0)) {
      throw new IllegalArgumentException("Cannot design " + what + ": sampling rate must be > 0 Hz, was " + fsHz);
    }
    if (!(freqHz > 0 && freqHz < fsHz / 2)) {
      throw new IllegalArgumentException(
          "Cannot design " + what + ": frequency " + freqHz + " Hz outside (0, " + fsHz / 2
              + ") Hz (must lie below the Nyquist frequency of " + fsHz + " Hz)");
    }
  }
}
