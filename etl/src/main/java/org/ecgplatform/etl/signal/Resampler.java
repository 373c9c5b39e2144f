package org.ecgplatform.etl.signal;

import org.ecgplatform.common.ConfigException;

/**
 * Rational-ratio resampling with a polyphase windowed-sinc (Kaiser) anti-aliasing filter, without
 * phase shift.
 *
 * <p>Method (R. E. Crochiere &amp; L. R. Rabiner, "Multirate Digital Signal Processing", 1983,
 * ch. 4; J. F. Kaiser, "Nonrecursive digital filter design using the I0-sinh window function", 1974):
 *
 * <ol>
 *   <li>The ratio {@code fsOut/fsIn} is reduced by the gcd to {@code up/down} (250→360 is 36/25,
 *       500→360 is 18/25, 128→360 is 45/16).
 *   <li>Conceptually the input is upsampled by {@code up} (zeros inserted), low-pass filtered at
 *       {@code cutoffFraction × 0.5 / max(up, down)} cycles per upsampled sample, and every {@code
 *       down}-th sample kept. The FIR is a sinc windowed by a Kaiser window, {@code 2·zeroCrossings·
 *       max(up, down) + 1} taps, symmetric about its centre, each of its {@code up} polyphase branches normalised to unit DC gain (total gain {@code up}).
 *   <li>Polyphase evaluation: output sample {@code j} sits at upsampled time {@code t = j·down}; only
 *       the input samples {@code i} with {@code |t - i·up| <= half} contribute, with tap {@code
 *       h[t - i·up]}, so the zeros are never multiplied (about {@code 2·zeroCrossings·max(up,down)/up}
 *       multiply-adds per output sample).
 *   <li>Because the kernel is centred on {@code t}, the group delay is zero: input sample {@code k}
 *       and output sample {@code k·up/down} are the same instant.
 * </ol>
 *
 * <p>Edges: where the kernel reaches past either end of the input, the missing samples are left out
 * and the remaining taps are rescaled to unit DC gain, so a constant signal stays
 * constant to the last sample. The output has {@code ceil(n·up/down)} samples.
 */
public final class Resampler {
  private final int fsInHz;
  private final int fsOutHz;
  private final int up;
  private final int down;
  private final int half;
  private final double[] kernel;

  /**
   * A resampler from {@code fsInHz} to {@code config.targetFsHz()}.
   *
   * @throws ConfigException when {@code fsInHz} is not a positive integer rate
   */
  public Resampler(double fsInHz, ResamplingConfig config) {
    this.fsInHz = integerRate(fsInHz);
    this.fsOutHz = config.targetFsHz();
    int g = gcd(this.fsInHz, fsOutHz);
    this.up = fsOutHz / g;
    this.down = this.fsInHz / g;
    int r = Math.max(up, down);
    this.half = config.zeroCrossings() * r;
    this.kernel = up == down ? new double[] {1.0} : design(half, 0.5 * config.cutoffFraction() / r, config.kaiserBeta(), up);
  }

  public int up() {
    return up;
  }

  public int down() {
    return down;
  }

  public int fsOutHz() {
    return fsOutHz;
  }

  public boolean isIdentity() {
    return up == down;
  }

  /** Number of output samples for {@code n} input samples: {@code ceil(n·up/down)}. */
  public int outputLength(int n) {
    return (int) (((long) n * up + down - 1) / down);
  }

  /** Resampled copy of {@code x}; a plain copy when the rates are equal. */
  public double[] resample(double[] x) {
    if (isIdentity()) {
      return x.clone();
    }
    int n = x.length;
    int m = outputLength(n);
    double[] y = new double[m];
    for (int j = 0; j < m; j++) {
      long t = (long) j * down;
      long iLo = Math.max(0, Math.floorDiv(t - half + up - 1, up));
      long iHi = Math.min(n - 1L, Math.floorDiv(t + half, up));
      double acc = 0.0;
      double used = 0.0;
      int tap = (int) (t - iLo * up + half);
      for (long i = iLo; i <= iHi; i++, tap -= up) {
        double h = kernel[tap];
        acc += h * x[(int) i];
        used += h;
      }
      boolean truncated = t - half < 0 || (t + half) / up > n - 1;
      if (truncated && used != 0.0) {
        acc /= used;
      }
      y[j] = acc;
    }
    return y;
  }

  /** Resampled copy of a float signal. */
  public float[] resample(float[] x) {
    double[] d = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      d[i] = x[i];
    }
    double[] r = resample(d);
    float[] f = new float[r.length];
    for (int i = 0; i < r.length; i++) {
      f[i] = (float) r[i];
    }
    return f;
  }

  /**
   * Moves annotation sample positions to the output rate: {@code round(k·up/down)} with halves
   * rounded up, in exact integer arithmetic. Because the resampler has no delay, the mapped position
   * is the output sample nearest to the original instant.
   */
  public long[] mapSamples(long[] samples) {
    long[] out = new long[samples.length];
    for (int i = 0; i < samples.length; i++) {
      out[i] = mapSample(samples[i]);
    }
    return out;
  }

  /** One position mapped as in {@link #mapSamples}. */
  public long mapSample(long sample) {
    return Math.floorDiv(2 * sample * up + down, 2L * down);
  }

  private static double[] design(int half, double cutoffCycles, double beta, int gain) {
    double[] h = new double[2 * half + 1];
    double i0Beta = besselI0(beta);
    for (int k = -half; k <= half; k++) {
      double x = 2 * cutoffCycles * k;
      double sinc = k == 0 ? 1.0 : Math.sin(Math.PI * x) / (Math.PI * x);
      double r = (double) k / half;
      double w = besselI0(beta * Math.sqrt(Math.max(0.0, 1 - r * r))) / i0Beta;
      h[k + half] = sinc * w;
    }
    // Normalise every polyphase branch to unit DC gain (not only the whole kernel to 'gain'), so
    // that a constant input gives exactly that constant at every output phase.
    double[] branch = new double[gain];
    for (int k = -half; k <= half; k++) {
      branch[Math.floorMod(k, gain)] += h[k + half];
    }
    for (int k = -half; k <= half; k++) {
      h[k + half] /= branch[Math.floorMod(k, gain)];
    }
    return h;
  }

  /** Modified Bessel function of the first kind, order 0, by its power series. */
  static double besselI0(double x) {
    double sum = 1.0;
    double term = 1.0;
    double q = x * x / 4;
    for (int k = 1; k < 200; k++) {
      term *= q / ((double) k * k);
      sum += term;
      if (term < sum * 1e-17) {
        break;
      }
    }
    return sum;
  }

  private static int integerRate(double fsHz) {
    long r = Math.round(fsHz);
    if (!(fsHz > 0) || Math.abs(fsHz - r) > 1e-6 || r > Integer.MAX_VALUE) {
      throw ConfigException.invalid("input sampling rate", fsHz, "a positive whole number of Hz");
    }
    return (int) r;
  }

  private static int gcd(int a, int b) {
    while (b != 0) {
      int t = a % b;
      a = b;
      b = t;
    }
    return a;
  }
}
