package org.ecgplatform.etl.synth;

import java.util.List;
import org.ecgplatform.etl.synth.BeatSchedule.ScheduledBeat;

/**
 * The dynamical ECG model of McSharry, Clifford, Tarassenko and Smith, "A dynamical model for
 * generating synthetic electrocardiogram signals", IEEE Trans. Biomed. Eng. 50(3):289–294, 2003
 * (ECGSYN), integrated with a fixed-step fourth-order Runge–Kutta scheme.
 *
 * <p><b>The model.</b> A point {@code (x, y)} moves on an attracting limit cycle of radius 1,
 *
 * <pre>
 *   ẋ = α·x − ω·y,   ẏ = α·y + ω·x,   α = 1 − sqrt(x² + y²),
 * </pre>
 *
 * so its angle {@code θ = atan2(y, x)} turns at the angular velocity {@code ω = 2π / RR}; one turn
 * is one heartbeat. The P, Q, R, S and T waves are Gaussian events at fixed angles {@code θ_i},
 * and the ECG is the third coordinate
 *
 * <pre>
 *   ż = − Σ_{i ∈ P,Q,R,S,T} (a_i · ω / b_i²) · Δθ_i · exp(−Δθ_i² / (2 b_i²)) − (z − z0),
 *   Δθ_i = θ − θ_i.
 * </pre>
 *
 * <p><b>Deviations from the paper, and why.</b>
 *
 * <ol>
 *   <li>The paper's {@code ż} has no {@code ω / b_i²} factor, so a wave's height depends on heart
 *       rate and width, and ECGSYN rescales the whole output to [−0.4, 1.2] mV afterwards. With the
 *       factor, the undamped solution is exactly {@code Σ a_i exp(−Δθ_i²/2b_i²)}: each
 *       {@code a_i} is the wave's peak in mV, which is what a table of beat types with different
 *       widths (a wide ventricular QRS) needs. The damping term {@code −(z − z0)} of the paper is
 *       kept (rate 1/s). Since it makes the long-run mean of {@code z} equal to {@code z0}, and the
 *       Gaussians have a positive mean, {@code z0} here is the cycle mean of the active Gaussians
 *       (the sum of {@code a_i b_i sqrt(2π) / 2π}), which puts the isoelectric line near 0 mV; the
 *       damping still leaves the slight ST depression after large waves that ECGSYN shows.
 *   <li>The paper uses one set of Gaussians for every beat. Here each beat carries the
 *       {@link Morphology} of its {@link BeatType} in its patient ({@link PatientTraits}), and
 *       the Gaussians of the current beat and of the next one are both active, measured on an
 *       unwrapped phase; so the T wave of a beat followed by an early ectopic beat is not cut at
 *       {@code θ = π}.
 *   <li>{@code ω} is piecewise constant: between the R waves of beats {@code i} and {@code i+1} it
 *       is set so that the phase reaches the next R exactly at its scheduled time (the remaining
 *       angle divided by the remaining time, recomputed at each R crossing, so there is no drift).
 *       Angles and widths are rescaled per interval as {@link Wave} describes (the paper's
 *       {@code sqrt(hr/60)} rule for the T wave).
 *   <li>The paper's baseline {@code z0(t)} also carries the respiratory wander; here the wander
 *       and the measurement noise are added to the clean signal afterwards by
 *       {@link SyntheticEcgGenerator}, so the
 *       clean signal, whose peaks define the annotations, is available on its own.
 *   <li>Each additional lead is one more {@code z} equation with its own amplitudes, driven by the
 *       same {@code θ}.
 * </ol>
 *
 * <p><b>Integration.</b> RK4 with step {@code h = 1 / (fs · k)}, where the oversampling {@code k}
 * is the smallest integer giving an internal rate of at least {@value #MIN_INTERNAL_RATE_HZ} Hz
 * (k = 1 at 360 Hz); every {@code k}-th state is kept. A narrow QRS Gaussian has σ ≈ 16 ms, about
 * 6 steps at 360 Hz, well inside RK4's accuracy. The inner loop allocates nothing.
 */
final class EcgsynModel {
  static final double MIN_INTERNAL_RATE_HZ = 360;
  private static final double TWO_PI = 2 * Math.PI;
  private static final double SQRT_TWO_PI = Math.sqrt(TWO_PI);
  /** Gaussians farther than this many widths from the phase are skipped (exp(−18) ≈ 1.5e−8). */
  private static final double CUTOFF_WIDTHS = 6;
  private static final double DAMPING_PER_S = 1.0;

  private static final Wave[] WAVES = Wave.values();
  private static final int ACTIVE = 2 * WAVES.length;

  private final int leads;
  // Gaussians of the two active beats (this one and the next), measured on the unwrapped phase ψ.
  private final double[] centre = new double[ACTIVE];
  private final double[] halfInvVar = new double[ACTIVE];
  private final double[] cutoff = new double[ACTIVE];
  private final double[][] coef; // [lead][gaussian] = a / b²
  private final double[] z0; // [lead] baseline the damping pulls towards, mV
  // Derivative output of the last evaluation.
  private double dx;
  private double dy;
  private final double[] dz;
  private double omega;

  private final java.util.function.Function<BeatType, Morphology> shapes;

  /** A model of {@code leads} leads drawing each beat with the shape {@code shapes} gives its type. */
  EcgsynModel(int leads, java.util.function.Function<BeatType, Morphology> shapes) {
    this.leads = leads;
    this.shapes = shapes;
    this.coef = new double[leads][ACTIVE];
    this.dz = new double[leads];
    this.z0 = new double[leads];
  }

  /**
   * Integrates the model over {@code samples} samples at {@code fsHz} and returns the clean signal
   * in mV, one array per lead.
   *
   * @param beats the schedule; the first R wave must come after time 0 and the last after the end
   */
  float[][] integrate(List<ScheduledBeat> beats, double fsHz, int samples) {
    float[][] out = new float[leads][samples];
    int k = (int) Math.ceil(MIN_INTERNAL_RATE_HZ / fsHz - 1e-9);
    double h = 1.0 / (fsHz * k);
    int nBeats = beats.size();

    // Start half a cycle before the first R wave, at θ = π; ψ counts the angle since the last R.
    double x = -1;
    double y = 0;
    double[] z = new double[leads];
    double[] zs = new double[leads];
    double[][] kz = new double[4][leads];
    double psi = Math.PI;
    int current = -1; // index of the last R wave passed
    double firstR = beats.get(0).rTimeS();
    omega = Math.PI / firstR;
    activate(beats, current, 2 * firstR);

    long step = 0;
    for (int n = 0; n < samples; n++) {
      for (int lead = 0; lead < leads; lead++) {
        out[lead][n] = (float) z[lead];
      }
      for (int sub = 0; sub < k; sub++) {
        double x0 = x;
        double y0 = y;
        // k1
        derivative(x, y, z, psi, x0, y0);
        double k1x = dx;
        double k1y = dy;
        copy(dz, kz[0]);
        // k2
        double x2 = x + 0.5 * h * k1x;
        double y2 = y + 0.5 * h * k1y;
        axpy(z, 0.5 * h, kz[0], zs);
        derivative(x2, y2, zs, psi, x0, y0);
        double k2x = dx;
        double k2y = dy;
        copy(dz, kz[1]);
        // k3
        double x3 = x + 0.5 * h * k2x;
        double y3 = y + 0.5 * h * k2y;
        axpy(z, 0.5 * h, kz[1], zs);
        derivative(x3, y3, zs, psi, x0, y0);
        double k3x = dx;
        double k3y = dy;
        copy(dz, kz[2]);
        // k4
        double x4 = x + h * k3x;
        double y4 = y + h * k3y;
        axpy(z, h, kz[2], zs);
        derivative(x4, y4, zs, psi, x0, y0);
        copy(dz, kz[3]);

        x += h / 6 * (k1x + 2 * k2x + 2 * k3x + dx);
        y += h / 6 * (k1y + 2 * k2y + 2 * k3y + dy);
        for (int lead = 0; lead < leads; lead++) {
          z[lead] += h / 6 * (kz[0][lead] + 2 * kz[1][lead] + 2 * kz[2][lead] + kz[3][lead]);
        }
        step++;
        psi += angleFrom(x0, y0, x, y);
        if (psi >= TWO_PI && current + 1 < nBeats) {
          // R wave of beat current+1 passed: aim the phase at the next R, exactly on schedule.
          current++;
          psi -= TWO_PI;
          double now = step * h;
          if (current + 1 < nBeats) {
            double nextR = beats.get(current + 1).rTimeS();
            omega = (TWO_PI - psi) / Math.max(nextR - now, h);
            activate(beats, current, nextR - beats.get(current).rTimeS());
          } else {
            activate(beats, current, TWO_PI / omega);
          }
        }
      }
    }
    return out;
  }

  /** Loads the Gaussians of beats {@code current} (centred near ψ = 0) and {@code current + 1} (near 2π), scaled for an interval of {@code rrS}. */
  private void activate(List<ScheduledBeat> beats, int current, double rrS) {
    java.util.Arrays.fill(z0, 0);
    for (int slot = 0; slot < 2; slot++) {
      int beat = current + slot;
      for (int w = 0; w < WAVES.length; w++) {
        int g = slot * WAVES.length + w;
        if (beat < 0 || beat >= beats.size()) {
          centre[g] = 0;
          halfInvVar[g] = 0;
          cutoff[g] = -1; // never active
          for (int lead = 0; lead < leads; lead++) {
            coef[lead][g] = 0;
          }
          continue;
        }
        Morphology m = shapes.apply(beats.get(beat).type());
        Wave wave = WAVES[w];
        double scale = wave.angleScale(rrS);
        double b = m.widthRad(wave) * scale;
        centre[g] = Math.toRadians(m.thetaDeg(wave)) * scale + slot * TWO_PI;
        halfInvVar[g] = 0.5 / (b * b);
        cutoff[g] = CUTOFF_WIDTHS * b;
        for (int lead = 0; lead < leads; lead++) {
          coef[lead][g] = m.amplitudeMv(lead, wave) / (b * b);
          // Mean of this Gaussian over one cycle (area a·b·sqrt(2π) in phase, over 2π); each of
          // the two beats has about half of its waves in the current interval.
          z0[lead] += 0.5 * m.amplitudeMv(lead, wave) * b * SQRT_TWO_PI / TWO_PI;
        }
      }
    }
  }

  /** Derivatives at the given state into dx, dy, dz; the phase is unwrapped against the step's start. */
  private void derivative(double x, double y, double[] z, double psiStart, double x0, double y0) {
    double alpha = 1 - Math.sqrt(x * x + y * y);
    dx = alpha * x - omega * y;
    dy = alpha * y + omega * x;
    double psi = psiStart + angleFrom(x0, y0, x, y);
    for (int lead = 0; lead < leads; lead++) {
      dz[lead] = -DAMPING_PER_S * (z[lead] - z0[lead]);
    }
    for (int g = 0; g < ACTIVE; g++) {
      double d = psi - centre[g];
      if (Math.abs(d) > cutoff[g]) {
        continue;
      }
      double shape = omega * d * Math.exp(-d * d * halfInvVar[g]);
      for (int lead = 0; lead < leads; lead++) {
        dz[lead] -= coef[lead][g] * shape;
      }
    }
  }

  /**
   * The angle (−π, π] turned from {@code (x0, y0)} to {@code (x, y)}: how much θ advanced since
   * the step's start. Within a step it is a few hundredths of a radian, where the Taylor series of
   * atan (error below 1e−9 for |u| < 0.2) replaces the much slower {@code Math.atan2}.
   */
  static double angleFrom(double x0, double y0, double x, double y) {
    double cross = x0 * y - y0 * x;
    double dot = x0 * x + y0 * y;
    if (dot > 0 && Math.abs(cross) < 0.2 * dot) {
      double u = cross / dot;
      double u2 = u * u;
      return u * (1 - u2 * (1.0 / 3 - u2 * (1.0 / 5 - u2 * (1.0 / 7 - u2 * (1.0 / 9 - u2 / 11)))));
    }
    return Math.atan2(cross, dot);
  }

  private void copy(double[] from, double[] to) {
    System.arraycopy(from, 0, to, 0, leads);
  }

  private void axpy(double[] z, double a, double[] k, double[] out) {
    for (int lead = 0; lead < leads; lead++) {
      out[lead] = z[lead] + a * k[lead];
    }
  }
}
