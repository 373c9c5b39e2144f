package org.ecgplatform.etl.detect;

import java.util.Arrays;

/**
 * The decision rules that turn candidate peaks of the fused signal into beats, after Pan and
 * Tompkins (1985) and Hamilton and Tompkins (1986), walked in time order with a finite memory
 * (the last beat, the last {@value #MEMORY} RR intervals and beat heights):
 *
 * <ol>
 *   <li><b>Search-back.</b> When the next candidate lies more than {@code searchBackRr} mean RR
 *       intervals after the last beat, the highest candidate in between that is at least {@code
 *       searchBackFraction} of the median recent beat height (and not a T wave, rule 4) becomes a
 *       beat, and the walk resumes after it.
 *   <li><b>Refractory period.</b> Candidates within {@code refractoryS} of the last beat are skipped.
 *   <li><b>Threshold.</b> Candidates below the threshold are skipped: {@code initialThreshold} in
 *       the first pass; {@code noise + thresholdFraction × (1 - noise)} in refined passes, with the
 *       local noise level of {@link Fusion#refine} (the typical beat is 1).
 *   <li><b>T wave.</b> A candidate within {@code tWaveWindowS} of the last beat and lower than
 *       {@code tWaveRatio} of it is that beat's T wave.
 *   <li><b>Larger neighbour.</b> A candidate followed within {@value #BIGGER_WITHIN_S} s by one
 *       {@value #BIGGER_RATIO} times higher is skipped in its favour (a P wave before its QRS).
 * </ol>
 *
 * {@link #removeSplits} then drops a beat that splits an ordinary RR interval in two while being
 * much smaller than both neighbours (an artefact between two beats).
 */
final class BeatDecider {
  /** RR intervals and beat heights remembered. */
  static final int MEMORY = 8;
  static final double BIGGER_WITHIN_S = 0.25;
  static final double BIGGER_RATIO = 1.5;
  /** A beat whose neighbours are at most this many median RR apart may be an artefact ... */
  static final double SPLIT_RR = 1.2;
  /** ... and is dropped when lower than this fraction of the lower neighbour. */
  static final double SPLIT_HEIGHT = 0.5;
  /** RR intervals on each side that make the local median RR. */
  static final int SPLIT_BEATS = 8;

  private final QrsDetectorConfig config;
  private final double fsHz;

  BeatDecider(QrsDetectorConfig config, double fsHz) {
    this.config = config;
    this.fsHz = fsHz;
  }

  /**
   * Beats among the candidates.
   *
   * @param noise the local noise level per sample (refined passes), or null for the first pass's
   *     fixed threshold
   */
  int[] decide(int[] cand, double[] g, double[] noise) {
    int refractory = samples(config.refractoryS());
    int tWave = samples(config.tWaveWindowS());
    int biggerWithin = samples(BIGGER_WITHIN_S);
    int[] beats = new int[Math.max(16, cand.length)];
    int count = 0;
    int[] rr = new int[MEMORY];
    double[] heights = new double[MEMORY];
    int rrCount = 0;
    int heightCount = 0;
    double rrMean = fsHz;
    double level = 1.0;
    int last = Integer.MIN_VALUE / 2;
    double lastHeight = 1.0;
    int ci = 0;
    while (ci < cand.length) {
      int c = cand[ci];
      int chosen = -1;
      if (count > 0 && c - last > config.searchBackRr() * rrMean) {
        double best = 0;
        for (int cj = ci - 1; cj >= 0 && cand[cj] > last + refractory; cj--) {
          double h = g[cand[cj]];
          boolean tWaveLike = cand[cj] - last < tWave && h < config.tWaveRatio() * lastHeight;
          if (!tWaveLike && h >= config.searchBackFraction() * level && h > best) {
            best = h;
            chosen = cj;
          }
        }
      }
      if (chosen < 0) {
        double v = g[c];
        if (c - last < refractory
            || v < threshold(noise, c)
            || (c - last < tWave && v < config.tWaveRatio() * lastHeight)
            || biggerFollows(cand, g, ci, biggerWithin)) {
          ci++;
          continue;
        }
        chosen = ci;
      }
      int beat = cand[chosen];
      if (count > 0) {
        rr[rrCount % MEMORY] = beat - last;
        rrCount++;
        rrMean = mean(rr, Math.min(rrCount, MEMORY));
      }
      heights[heightCount % MEMORY] = g[beat];
      heightCount++;
      level = median(heights, Math.min(heightCount, MEMORY));
      if (count == beats.length) {
        beats = Arrays.copyOf(beats, 2 * count);
      }
      beats[count++] = beat;
      last = beat;
      lastHeight = g[beat];
      ci = chosen + 1;
    }
    return Arrays.copyOf(beats, count);
  }

  private double threshold(double[] noise, int i) {
    if (noise == null) {
      return config.initialThreshold();
    }
    double z = noise[i];
    return z + config.thresholdFraction() * (1.0 - z);
  }

  private static boolean biggerFollows(int[] cand, double[] g, int ci, int within) {
    double v = g[cand[ci]];
    for (int cj = ci + 1; cj < cand.length && cand[cj] - cand[ci] <= within; cj++) {
      if (g[cand[cj]] > BIGGER_RATIO * v) {
        return true;
      }
    }
    return false;
  }

  /** Drops beats that split an ordinary RR interval while much lower than both neighbours. */
  static int[] removeSplits(int[] b, double[] g) {
    int m = b.length;
    boolean[] drop = new boolean[m];
    double[] rr = new double[2 * SPLIT_BEATS + 1];
    int kept = m;
    for (int k = 1; k < m - 1; k++) {
      int lo = Math.max(1, k - SPLIT_BEATS);
      int hi = Math.min(m - 1, k + SPLIT_BEATS);
      for (int q = lo; q <= hi; q++) {
        rr[q - lo] = b[q] - b[q - 1];
      }
      double medianRr = Fusion.quantile(rr, 0, hi - lo + 1, 0.5);
      if (b[k + 1] - b[k - 1] <= SPLIT_RR * medianRr
          && g[b[k]] < SPLIT_HEIGHT * Math.min(g[b[k - 1]], g[b[k + 1]])) {
        drop[k] = true;
        kept--;
      }
    }
    int[] out = new int[kept];
    int c = 0;
    for (int k = 0; k < m; k++) {
      if (!drop[k]) {
        out[c++] = b[k];
      }
    }
    return out;
  }

  private int samples(double seconds) {
    return (int) Math.round(seconds * fsHz);
  }

  private static double mean(int[] a, int count) {
    double s = 0;
    for (int i = 0; i < count; i++) {
      s += a[i];
    }
    return s / count;
  }

  private static double median(double[] a, int count) {
    return Fusion.quantile(a, 0, count, 0.5);
  }
}
