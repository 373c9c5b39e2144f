package org.ecgplatform.etl.synth;

/**
 * The five Gaussian events of the ECGSYN limit cycle (McSharry et al., IEEE TBME 50(3), 2003), in
 * their order around the cycle, and how each one's position and width follow the RR interval.
 *
 * <p>The morphology tables give angles and widths at 60 bpm (one cycle per second). For a cycle of
 * {@code rrS} seconds the depolarisation waves keep their duration in time (a QRS does not get
 * narrower when the heart speeds up), so their angles scale as {@code 1 / rrS}; the P and T waves
 * follow Bazett's square-root law (the QT interval shortens as {@code sqrt(RR)}), as ECGSYN does
 * with its {@code sqrt(hr/60)} factor, so their angles scale as {@code 1 / sqrt(rrS)}.
 */
public enum Wave {
  P(0.5),
  Q(1.0),
  R(1.0),
  S(1.0),
  T(0.5);

  /** Exponent {@code e} in {@code angle(rr) = angle60 / rr^e}. */
  private final double rrExponent;

  Wave(double rrExponent) {
    this.rrExponent = rrExponent;
  }

  /** Factor that turns an angle (or width) at 60 bpm into the angle for a cycle of {@code rrS} seconds. */
  double angleScale(double rrS) {
    return Math.pow(rrS, -rrExponent);
  }
}
