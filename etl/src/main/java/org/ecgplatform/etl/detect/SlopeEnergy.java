package org.ecgplatform.etl.detect;

/**
 * One lead turned into the detection signal of Pan and Tompkins (1985): smoothed, differentiated,
 * squared and integrated over a moving window. Every filter is a centred boxcar sum over integers
 * (microvolts), so each output sample is an exact function of a fixed window of input samples: the
 * same record cut into chunks gives bit-identical values wherever the window lies inside the chunk.
 *
 * <p>Steps:
 *
 * <ol>
 *   <li><b>Conditioning.</b> Samples in mV are rounded to integer µV (clamped to ±2 V). Invalid
 *       samples ({@code NaN} or infinite: WFDB's invalid-sample value) and runs of at least {@code
 *       flatRunS} identical samples (a dead or saturated lead, lead-off at a rail) are marked
 *       invalid and replaced by the last valid value.
 *   <li><b>Smoothing.</b> Two boxcars of {@code lowPassS} (a triangle; -3 dB near 18 Hz for 25 ms).
 *   <li><b>Slope.</b> Central difference over {@code 2 × slopeLagS}, divided by the smoother's gain:
 *       {@code d[n] = (s[n+k] - s[n-k]) / w²} (in 1/16 µV per 2k samples, truncated).
 *   <li><b>Energy.</b> {@code e = d² / 256}, summed over a centred window of {@code integrationS}: {@link
 *       #energy()}. Near invalid samples (within the filters' reach) the energy is 0, so a step into
 *       or out of a dead stretch is never a beat.
 * </ol>
 *
 * <p>Also kept per block: the raw moments of {@code d} (for the Gaussianity test) and the
 * per-block maxima and sub-sampled medians of the energy (for the first pass's scale).
 */
final class SlopeEnergy {
  /** Largest magnitude kept, µV. */
  static final long CLAMP_UV = 2_000_000L;
  /**
   * The slope is kept in 1/16 µV so that small slopes at high sampling rates are not rounded to a
   * few integer values (which would make noise look heavy-tailed); its square is shifted right by
   * 8 bits (back to µV²). Bounds: |d| ≤ 2 × 2·10⁶ × 16 < 2²⁶, d² >> 8 < 2⁴⁴, and a 0.5 s window at
   * 20 kHz sums at most 10⁴ < 2¹⁴ of them: no long overflows.
   */
  static final long SLOPE_SCALE = 16;
  static final int ENERGY_SHIFT = 8;

  private final double[] energy;
  private final boolean[] blanked;
  /** Per block: count, Σd, Σd², Σd³, Σd⁴. */
  private final double[][] moments;

  private SlopeEnergy(double[] energy, boolean[] blanked, double[][] moments) {
    this.energy = energy;
    this.blanked = blanked;
    this.moments = moments;
  }

  /** The integrated squared slope, ≥ 0; 0 where {@link #blanked}. */
  double[] energy() {
    return energy;
  }

  /** Whether sample {@code i} lies within the filters' reach of an invalid sample. */
  boolean blanked(int i) {
    return blanked[i];
  }

  /** Per-block raw moments of the slope: count, Σd, Σd², Σd³, Σd⁴. */
  double[][] moments() {
    return moments;
  }

  /** Filter widths in samples at one sampling rate. */
  record Widths(int smooth, int lag, int integration, int flatRun) {
    static Widths of(QrsDetectorConfig c, double fsHz) {
      return new Widths(samples(c.lowPassS(), fsHz), samples(c.slopeLagS(), fsHz),
          samples(c.integrationS(), fsHz), Math.max(2, samples(c.flatRunS(), fsHz)));
    }

    /** How far (samples) an input sample influences the energy. */
    int reach() {
      return smooth + lag + integration / 2 + 1;
    }

    private static int samples(double seconds, double fsHz) {
      return Math.max(1, (int) Math.round(seconds * fsHz));
    }
  }

  static SlopeEnergy of(float[] lead, Widths w, Blocks blocks) {
    int n = lead.length;
    boolean[] invalid = new boolean[n];
    long[] a = microvolts(lead, invalid, w.flatRun());
    long[] b = new long[n];
    boxSum(a, b, w.smooth(), false);
    boxSum(b, a, w.smooth(), true);
    double scale = (double) SLOPE_SCALE / ((long) w.smooth() * w.smooth());
    int k = w.lag();
    // a = smoothed; b = squared slope; the moments use the slope itself.
    double[][] moments = new double[blocks.count()][5];
    for (int i = 0; i < n; i++) {
      long diff = (i + k < n && i - k >= 0) ? a[i + k] - a[i - k] : a[clamp(i + k, n)] - a[clamp(i - k, n)];
      long d = (long) (diff * scale);
      b[i] = (d * d) >> ENERGY_SHIFT;
      double v = d;
      double v2 = v * v;
      double[] m = moments[blocks.of(i)];
      m[0] += 1;
      m[1] += v;
      m[2] += v2;
      m[3] += v2 * v;
      m[4] += v2 * v2;
    }
    boxSum(b, a, w.integration(), false);
    boolean[] blanked = dilate(invalid, w.reach());
    double[] energy = new double[n];
    for (int i = 0; i < n; i++) {
      energy[i] = blanked[i] ? 0.0 : (double) a[i];
    }
    return new SlopeEnergy(energy, blanked, moments);
  }

  /** Rounds to µV, marks invalid and flat samples, holds the last valid value over them. */
  private static long[] microvolts(float[] x, boolean[] invalid, int flatRun) {
    int n = x.length;
    long[] q = new long[n];
    long held = 0;
    for (int i = 0; i < n; i++) {
      if (Float.isFinite(x[i])) {
        held = toMicrovolts(x[i]);
        break;
      }
    }
    int runStart = 0;
    for (int i = 0; i < n; i++) {
      float v = x[i];
      if (Float.isFinite(v)) {
        held = toMicrovolts(v);
      } else {
        invalid[i] = true;
      }
      q[i] = held;
      // A run of identical input values (bit for bit; NaN runs included) ends at i.
      boolean same = i > 0 && Float.floatToIntBits(v) == Float.floatToIntBits(x[i - 1]);
      if (!same) {
        markRun(invalid, runStart, i, flatRun);
        runStart = i;
      }
    }
    markRun(invalid, runStart, n, flatRun);
    return q;
  }

  private static void markRun(boolean[] invalid, int from, int to, int flatRun) {
    if (to - from >= flatRun) {
      for (int j = from; j < to; j++) {
        invalid[j] = true;
      }
    }
  }

  private static long toMicrovolts(float mv) {
    long u = Math.round(mv * 1000.0);
    return Math.max(-CLAMP_UV, Math.min(CLAMP_UV, u));
  }

  /**
   * Centred boxcar sum of width {@code w} into {@code y}, with the edge values repeated beyond the
   * ends. For even widths the extra sample is on the right ({@code flip = false}) or on the left,
   * so that two passes of opposite flip stay centred.
   */
  static void boxSum(long[] x, long[] y, int w, boolean flip) {
    int n = x.length;
    if (n == 0) {
      return;
    }
    int left = flip ? w / 2 : (w - 1) / 2;
    int right = w - 1 - left;
    long s = 0;
    for (int j = -left; j <= right; j++) {
      s += x[clamp(j, n)];
    }
    y[0] = s;
    for (int i = 1; i < n; i++) {
      int in = i + right;
      int out = i - 1 - left;
      s += (in < n ? x[in] : x[n - 1]) - (out >= 0 ? x[out] : x[0]);
      y[i] = s;
    }
  }

  private static boolean[] dilate(boolean[] mask, int reach) {
    int n = mask.length;
    boolean[] out = new boolean[n];
    int last = Integer.MIN_VALUE / 2;
    for (int i = 0; i < n; i++) {
      if (mask[i]) {
        last = i;
      }
      out[i] = i - last <= reach;
    }
    last = Integer.MAX_VALUE / 2;
    for (int i = n - 1; i >= 0; i--) {
      if (mask[i]) {
        last = i;
      }
      out[i] |= last - i <= reach;
    }
    return out;
  }

  static int clamp(int i, int n) {
    return i < 0 ? 0 : (i >= n ? n - 1 : i);
  }
}
