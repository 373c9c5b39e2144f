package org.ecgplatform.etl.detect;

import java.util.Arrays;

/**
 * Candidate peaks of a detection signal: samples that are strictly higher than every sample in
 * the {@value #RADIUS_S} s before them and at least as high as every sample in the {@value
 * #RADIUS_S} s after them (so a flat top yields its first sample), above a floor. The first and
 * last sample of the array are never candidates: a rise that is still going on at an end is not a
 * peak that can be located.
 */
final class Candidates {
  /** Half-width of the neighbourhood a candidate dominates, s. */
  static final double RADIUS_S = 0.1;

  private Candidates() {}

  static int[] find(double[] g, double fsHz, double floor) {
    int n = g.length;
    int r = Math.max(1, (int) Math.round(RADIUS_S * fsHz));
    int[] out = new int[64];
    int count = 0;
    for (int i = 1; i < n - 1; i++) {
      double v = g[i];
      if (v <= floor || g[i - 1] >= v || g[i + 1] > v || !dominates(g, i, r)) {
        continue;
      }
      if (count == out.length) {
        out = Arrays.copyOf(out, 2 * count);
      }
      out[count++] = i;
    }
    return Arrays.copyOf(out, count);
  }

  /** Scans outwards from {@code i}, so that a higher neighbour (the usual case) is met early. */
  private static boolean dominates(double[] g, int i, int r) {
    double v = g[i];
    int left = Math.max(0, i - r);
    int right = Math.min(g.length - 1, i + r);
    for (int k = 1; k <= r; k++) {
      if ((i - k >= left && g[i - k] >= v) || (i + k <= right && g[i + k] > v)) {
        return false;
      }
    }
    return true;
  }
}
