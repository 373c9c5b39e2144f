package org.ecgplatform.etl.synth;

import java.util.Arrays;

/**
 * The parameters of one beat shape in the ECGSYN model: for each {@link Wave} P, Q, R, S, T its
 * angle {@code θ} on the limit cycle and its width {@code b} (both at 60 bpm, see {@link Wave}),
 * and its amplitude {@code a} in millivolts for each generated lead.
 *
 * <p>Amplitudes here are the wave's peak in mV (see {@link EcgsynModel} for why: the model's
 * {@code z} equation carries a factor {@code ω / b²} so that the undamped solution is exactly
 * {@code Σ a·exp(-Δθ²/2b²)}). The shapes are the table of the platform; nothing else branches on
 * the beat type.
 *
 * <p>Instances are immutable; the arrays are copied in and never exposed.
 */
public final class Morphology {
  /** Number of generated leads the tables hold amplitudes for. */
  public static final int MAX_LEADS = 2;

  // @formatter:off
  /** Sinus beat: ECGSYN's default angles and widths; lead 1 MLII-like, lead 2 V1-like (small r, deep S). */
  static final Morphology NORMAL = new Morphology(new double[][] {
      //            P       Q       R       S       T
      /* θ deg */ {-70.0,  -15.0,    0.0,   15.0,  100.0},
      /* b rad */ { 0.25,    0.10,   0.10,   0.10,   0.40},
      /* lead1 */ { 0.15,   -0.10,   1.20,  -0.25,   0.30},
      /* lead2 */ { 0.10,   -0.05,   0.60,  -0.45,   0.20}});

  /**
   * Premature ventricular beat: no P wave, QRS about 2.5 times wider (σ ≈ 40 ms, QRS ≈ 160 ms),
   * larger R and S, and a large T wave discordant to the main QRS deflection on each lead.
   */
  static final Morphology VENTRICULAR = new Morphology(new double[][] {
      //            P       Q       R       S       T
      /* θ deg */ {-70.0,  -25.0,    0.0,   35.0,  115.0},
      /* b rad */ { 0.25,    0.20,   0.25,   0.25,   0.55},
      /* lead1 */ { 0.00,   -0.20,   1.60,  -0.60,  -0.70},
      /* lead2 */ { 0.00,   -0.10,   0.50,  -1.30,   0.60}});

  /** Premature atrial beat: ectopic P wave (inverted, earlier, narrower); normal QRS and T. */
  static final Morphology ATRIAL_ECTOPIC = new Morphology(new double[][] {
      //            P       Q       R       S       T
      /* θ deg */ {-55.0,  -15.0,    0.0,   15.0,  100.0},
      /* b rad */ { 0.18,    0.10,   0.10,   0.10,   0.40},
      /* lead1 */ {-0.08,   -0.10,   1.20,  -0.25,   0.30},
      /* lead2 */ {-0.06,   -0.05,   0.60,  -0.45,   0.20}});

  /** Fusion beat: every parameter halfway between the sinus and the ventricular beat. */
  static final Morphology FUSION = blend(NORMAL, VENTRICULAR, 0.5);
  // @formatter:on

  private final double[] thetaDeg;
  private final double[] widthRad;
  private final double[][] amplitudeMv;

  /** Rows: angles (deg), widths (rad), then one row of amplitudes (mV) per lead; one column per {@link Wave}. */
  Morphology(double[][] rows) {
    int waves = Wave.values().length;
    if (rows.length != 2 + MAX_LEADS) {
      throw new IllegalArgumentException("Cannot build a morphology: expected " + (2 + MAX_LEADS) + " rows, got " + rows.length);
    }
    for (double[] row : rows) {
      if (row.length != waves) {
        throw new IllegalArgumentException("Cannot build a morphology: expected " + waves + " columns (P Q R S T), got " + row.length);
      }
    }
    this.thetaDeg = rows[0].clone();
    this.widthRad = rows[1].clone();
    this.amplitudeMv = new double[MAX_LEADS][];
    for (int lead = 0; lead < MAX_LEADS; lead++) {
      amplitudeMv[lead] = rows[2 + lead].clone();
    }
  }

  /** A copy of the rows this morphology is built from (angles, widths, amplitudes per lead), to derive others. */
  double[][] rows() {
    double[][] rows = new double[2 + MAX_LEADS][];
    rows[0] = thetaDeg.clone();
    rows[1] = widthRad.clone();
    for (int lead = 0; lead < MAX_LEADS; lead++) {
      rows[2 + lead] = amplitudeMv[lead].clone();
    }
    return rows;
  }

  /** Parameter-wise linear mix {@code (1 - w)·a + w·b}. */
  static Morphology blend(Morphology a, Morphology b, double w) {
    double[][] rows = new double[2 + MAX_LEADS][];
    rows[0] = mix(a.thetaDeg, b.thetaDeg, w);
    rows[1] = mix(a.widthRad, b.widthRad, w);
    for (int lead = 0; lead < MAX_LEADS; lead++) {
      rows[2 + lead] = mix(a.amplitudeMv[lead], b.amplitudeMv[lead], w);
    }
    return new Morphology(rows);
  }

  private static double[] mix(double[] a, double[] b, double w) {
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = (1 - w) * a[i] + w * b[i];
    }
    return out;
  }

  /** Angle of the wave at 60 bpm, in degrees (R is at 0). */
  public double thetaDeg(Wave wave) {
    return thetaDeg[wave.ordinal()];
  }

  /** Gaussian width of the wave at 60 bpm, in radians. */
  public double widthRad(Wave wave) {
    return widthRad[wave.ordinal()];
  }

  /** Peak amplitude of the wave on the given lead (0-based), in mV. */
  public double amplitudeMv(int lead, Wave wave) {
    return amplitudeMv[lead][wave.ordinal()];
  }

  @Override
  public String toString() {
    return "Morphology{θ=" + Arrays.toString(thetaDeg) + ", b=" + Arrays.toString(widthRad) + ", a=" + Arrays.deepToString(amplitudeMv) + "}";
  }
}
