package org.ecgplatform.etl.signal;

import java.util.Arrays;

/**
 * Zero-phase IIR filtering by forward-backward application ("filtfilt"): the signal is filtered,
 * reversed, filtered again and reversed back, so the phase shifts cancel and the magnitude response
 * is squared (F. Gustafsson, "Determining the initial states in forward-backward filtering", IEEE
 * Trans. Signal Processing 44(4), 1996).
 *
 * <p>Edges, as in SciPy's {@code filtfilt(padtype="odd")}: the signal is extended at each end by
 * its odd reflection about the end sample ({@code 2 x[0] - x[k]}), which continues its level and
 * slope, and each pass starts from the filter's steady state for the first padded sample. The
 * padding is cut off at the end.
 */
public final class ZeroPhase {
  private ZeroPhase() {}

  /**
   * Zero-phase filtered copy of {@code x}.
   *
   * @param padSamples odd-extension length at each end; clipped to {@code x.length - 1}
   */
  public static double[] filtfilt(SosFilter filter, double[] x, int padSamples) {
    int n = x.length;
    if (n == 0) {
      return new double[0];
    }
    int pad = Math.max(0, Math.min(padSamples, n - 1));
    double[] ext = new double[n + 2 * pad];
    for (int k = 0; k < pad; k++) {
      ext[pad - 1 - k] = 2 * x[0] - x[k + 1];
      ext[pad + n + k] = 2 * x[n - 1] - x[n - 2 - k];
    }
    System.arraycopy(x, 0, ext, pad, n);
    filter.filterInPlace(ext, true);
    reverse(ext);
    filter.filterInPlace(ext, true);
    reverse(ext);
    return Arrays.copyOfRange(ext, pad, pad + n);
  }

  /**
   * A padding length that lets the transient of the slowest filter part die out: three periods of
   * {@code lowestHz}, at least {@code 3 × (order + 1)} samples as in SciPy.
   */
  public static int defaultPad(SosFilter filter, double lowestHz, double fsHz) {
    int byOrder = 3 * (filter.order() + 1);
    int byFrequency = (int) Math.ceil(3.0 * fsHz / lowestHz);
    return Math.max(byOrder, byFrequency);
  }

  private static void reverse(double[] a) {
    for (int i = 0, j = a.length - 1; i < j; i++, j--) {
      double t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
