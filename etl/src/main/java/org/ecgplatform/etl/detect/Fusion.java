package org.ecgplatform.etl.detect;

import java.util.Arrays;

/**
 * Turns the leads' slope energies into one detection signal in which a typical beat is about 1,
 * weighting each lead by how clean it is around each sample. Two flavours:
 *
 * <ul>
 *   <li>{@link #firstPass}: without any beats known. Each lead is divided by its typical beat
 *       energy, estimated as the median of one-second block maxima over ±{@value #SCALE_BLOCKS}
 *       blocks (at heart rates above 30 bpm most blocks hold a beat). Its weight is high when those
 *       maxima agree (small relative median absolute deviation: beats of one size, not artefacts)
 *       and when the energy between them is low (median energy well below the block maxima).
 *   <li>{@link #refine}: with the previous pass's beats. Per lead and window, the beat level is the
 *       median energy peak at the beats and the noise level a high quantile of the energy peaks away
 *       from beats; the lead is weighted by its beat-to-noise ratio (a power of it), dropped where
 *       its slope is Gaussian (excess kurtosis below {@code minKurtosis}, the kSQI of Li, Mark and
 *       Clifford 2008: QRS complexes make the slope heavy-tailed, noise does not) or where its beats
 *       are smaller than {@code minQrsMv}. The weighted noise level is returned alongside, for the
 *       adaptive threshold.
 * </ul>
 *
 * Levels are computed per absolute one-second block (see {@link Blocks}) and interpolated between
 * block centres; a lead's contribution is capped at {@value #CAP} times its beat level so that one
 * huge artefact cannot outvote a clean lead.
 */
final class Fusion {
  /** Block length for all level estimates, s. */
  static final double BLOCK_S = 1.0;
  /** First pass: half-width of the scale window, blocks. */
  static final int SCALE_BLOCKS = 4;
  /** Largest contribution of one lead, in multiples of its beat level. */
  static final double CAP = 3.0;
  /** First pass: regularisers of the consistency and floor terms of the weight. */
  private static final double CONSISTENCY_EPS = 0.05;
  private static final double FLOOR_EPS = 0.01;
  /** Refinement: regulariser of the noise-to-beat ratio in the weight. */
  private static final double RATIO_EPS = 0.02;
  /** Refinement: half-width of the window searched for a beat's energy peak, s. */
  private static final double BEAT_PEAK_S = 0.05;
  /** Refinement: energy peaks closer than this to a beat are not noise, s. */
  private static final double NOISE_EXCLUSION_S = 0.15;
  /** First pass: energy samples per second used for the block medians. */
  private static final int MEDIAN_SAMPLES_PER_S = 90;

  private Fusion() {}

  /** The fused signal of the first pass. */
  static double[] firstPass(SlopeEnergy[] leads, Blocks blocks, double fsHz, double minBeatEnergy) {
    int n = leads[0].energy().length;
    double[] g = new double[n];
    double[] wsum = new double[n];
    for (SlopeEnergy lead : leads) {
      double[] f = lead.energy();
      double[] scale = blocks.interpolate(windowedMedian(blockMax(f, blocks), SCALE_BLOCKS));
      double[] u = new double[n];
      for (int i = 0; i < n; i++) {
        double s = scale[i];
        u[i] = s > minBeatEnergy ? Math.min(CAP, f[i] / s) : 0.0;
      }
      double[] uMax = blockMax(u, blocks);
      double[] uScale = blocks.interpolate(windowedMedian(uMax, SCALE_BLOCKS));
      double[] spread = blocks.hold(windowedRelativeMad(uMax, SCALE_BLOCKS));
      double[] floor = blocks.hold(windowedMedian(blockMedian(u, blocks, fsHz), SCALE_BLOCKS));
      for (int i = 0; i < n; i++) {
        double su = uScale[i];
        if (su <= 0) {
          continue;
        }
        double w = 1.0 / (spread[i] + CONSISTENCY_EPS) / (floor[i] / su + FLOOR_EPS);
        g[i] += w * u[i];
        wsum[i] += w;
      }
    }
    for (int i = 0; i < n; i++) {
      g[i] = wsum[i] > 0 ? g[i] / wsum[i] : 0.0;
    }
    return g;
  }

  /**
   * The fused signal of a refinement pass.
   *
   * @param beats the previous pass's beats (local sample indexes, ascending)
   * @param noiseOut receives the weighted noise level per sample (same scale as the result)
   * @param weightOut receives each lead's weight per block ({@code [lead][block]}, 0 where unusable)
   */
  static double[] refine(SlopeEnergy[] leads, int[] beats, Blocks blocks, double fsHz, QrsDetectorConfig config,
      double minBeatEnergy, double[] noiseOut, double[][] weightOut) {
    int n = leads[0].energy().length;
    int nb = blocks.count();
    int window = Math.max(1, (int) Math.round(config.levelWindowS() / BLOCK_S));
    int peakHalf = (int) Math.round(BEAT_PEAK_S * fsHz);
    int exclusion = (int) Math.round(NOISE_EXCLUSION_S * fsHz);
    double[] g = new double[n];
    double[] wsum = new double[n];
    Arrays.fill(noiseOut, 0.0);
    for (int l = 0; l < leads.length; l++) {
      SlopeEnergy lead = leads[l];
      double[] f = lead.energy();
      double[] beatHeight = new double[beats.length];
      for (int k = 0; k < beats.length; k++) {
        beatHeight[k] = max(f, beats[k] - peakHalf, beats[k] + peakHalf);
      }
      int[] noisePeaks = noisePeaks(Candidates.find(f, fsHz, 0.0), beats, exclusion);
      double[] noiseHeight = new double[noisePeaks.length];
      for (int k = 0; k < noisePeaks.length; k++) {
        noiseHeight[k] = f[noisePeaks[k]];
      }
      double[] beatLevel = new double[nb];
      double[] noiseRatio = new double[nb];
      double[] weight = weightOut[l];
      double[][] moments = lead.moments();
      // Per block: beat level, noise level as a fraction of it, and the lead's weight.
      for (int j = 0; j < nb; j++) {
        int from = blocks.start(Math.max(0, j - window));
        int to = blocks.end(Math.min(nb - 1, j + window));
        double b = quantile(beatHeight, lowerBound(beats, from), lowerBound(beats, to), 0.5);
        double z = quantile(noiseHeight, lowerBound(noisePeaks, from), lowerBound(noisePeaks, to),
            config.noiseQuantile());
        boolean usable = !Double.isNaN(b) && b > minBeatEnergy
            && excessKurtosis(moments, j, window) >= config.minKurtosis();
        beatLevel[j] = usable ? b : 0.0;
        noiseRatio[j] = usable && !Double.isNaN(z) ? z / b : 0.0;
        weight[j] = usable ? Math.pow(1.0 / (noiseRatio[j] + RATIO_EPS), config.leadWeightPower()) : 0.0;
      }
      // Beat level, weight and noise-to-beat ratio each interpolated between block centres; a
      // lead is left out wherever either neighbouring block found it unusable.
      double[] beatAt = blocks.interpolate(beatLevel);
      double[] ratioAt = blocks.interpolate(noiseRatio);
      double[] weightAt = blocks.interpolate(weight);
      double[] unusable = new double[nb];
      for (int j = 0; j < nb; j++) {
        unusable[j] = weight[j] == 0 ? 1.0 : 0.0;
      }
      double[] unusableAt = blocks.interpolate(unusable);
      for (int i = 0; i < n; i++) {
        if (unusableAt[i] != 0) {
          continue;
        }
        double w = weightAt[i];
        g[i] += w * Math.min(CAP, f[i] / beatAt[i]);
        noiseOut[i] += w * ratioAt[i];
        wsum[i] += w;
      }
    }
    for (int i = 0; i < n; i++) {
      if (wsum[i] > 0) {
        g[i] /= wsum[i];
        noiseOut[i] /= wsum[i];
      }
    }
    return g;
  }

  /** Energy peaks farther than {@code exclusion} from every beat. */
  private static int[] noisePeaks(int[] peaks, int[] beats, int exclusion) {
    int[] out = new int[peaks.length];
    int count = 0;
    int b = 0;
    for (int p : peaks) {
      while (b < beats.length && beats[b] < p - exclusion) {
        b++;
      }
      if (b < beats.length && Math.abs(beats[b] - p) <= exclusion) {
        continue;
      }
      out[count++] = p;
    }
    return Arrays.copyOf(out, count);
  }

  /** Excess kurtosis of the slope over blocks {@code j - window .. j + window}. */
  static double excessKurtosis(double[][] moments, int j, int window) {
    double c = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    double s4 = 0;
    for (int o = Math.max(0, j - window); o <= Math.min(moments.length - 1, j + window); o++) {
      double[] m = moments[o];
      c += m[0];
      s1 += m[1];
      s2 += m[2];
      s3 += m[3];
      s4 += m[4];
    }
    double mu = s1 / c;
    double e2 = s2 / c;
    double variance = e2 - mu * mu;
    if (!(variance > 0)) {
      return -3.0;
    }
    double central4 = s4 / c - 4 * mu * (s3 / c) + 6 * mu * mu * e2 - 3 * mu * mu * mu * mu;
    return central4 / (variance * variance) - 3.0;
  }

  static double[] blockMax(double[] f, Blocks blocks) {
    double[] out = new double[blocks.count()];
    for (int j = 0; j < out.length; j++) {
      out[j] = max(f, blocks.start(j), blocks.end(j) - 1);
    }
    return out;
  }

  /** Median of the block's samples whose absolute number is a multiple of the sub-sampling step. */
  private static double[] blockMedian(double[] f, Blocks blocks, double fsHz) {
    int step = Math.max(1, (int) (fsHz / MEDIAN_SAMPLES_PER_S));
    double[] out = new double[blocks.count()];
    double[] tmp = new double[blocks.length() / step + 2];
    for (int j = 0; j < out.length; j++) {
      int c = 0;
      for (int i = blocks.start(j); i < blocks.end(j); i++) {
        if (Math.floorMod(blocks.absolute(i), step) == 0) {
          tmp[c++] = f[i];
        }
      }
      out[j] = c == 0 ? 0.0 : quantile(tmp, 0, c, 0.5);
    }
    return out;
  }

  /** Median over blocks {@code j - half .. j + half} (truncated at the ends), per block. */
  static double[] windowedMedian(double[] perBlock, int half) {
    double[] out = new double[perBlock.length];
    for (int j = 0; j < perBlock.length; j++) {
      int from = Math.max(0, j - half);
      int to = Math.min(perBlock.length, j + half + 1);
      out[j] = quantile(perBlock, from, to, 0.5);
    }
    return out;
  }

  /** Median absolute deviation over the window divided by the window's median (1 when it is 0). */
  private static double[] windowedRelativeMad(double[] perBlock, int half) {
    double[] out = new double[perBlock.length];
    double[] dev = new double[2 * half + 1];
    for (int j = 0; j < perBlock.length; j++) {
      int from = Math.max(0, j - half);
      int to = Math.min(perBlock.length, j + half + 1);
      double med = quantile(perBlock, from, to, 0.5);
      for (int k = from; k < to; k++) {
        dev[k - from] = Math.abs(perBlock[k] - med);
      }
      out[j] = med > 0 ? quantile(dev, 0, to - from, 0.5) / med : 1.0;
    }
    return out;
  }

  /**
   * The element of rank {@code floor(q × count)} of {@code a[from, to)} in ascending order (the
   * upper median for q = 0.5), or NaN for an empty range. {@code a} is not modified.
   */
  static double quantile(double[] a, int from, int to, double q) {
    int count = to - from;
    if (count <= 0) {
      return Double.NaN;
    }
    double[] t = Arrays.copyOfRange(a, from, to);
    return select(t, Math.min(count - 1, (int) (q * count)));
  }

  /** The k-th smallest element of {@code t} (Hoare's selection; reorders {@code t}). */
  static double select(double[] t, int k) {
    int lo = 0;
    int hi = t.length - 1;
    while (hi > lo) {
      double pivot = t[(lo + hi) >>> 1];
      int i = lo;
      int j = hi;
      while (i <= j) {
        while (t[i] < pivot) {
          i++;
        }
        while (t[j] > pivot) {
          j--;
        }
        if (i <= j) {
          double tmp = t[i];
          t[i] = t[j];
          t[j] = tmp;
          i++;
          j--;
        }
      }
      if (k <= j) {
        hi = j;
      } else if (k >= i) {
        lo = i;
      } else {
        return t[k];
      }
    }
    return t[k];
  }

  static double max(double[] f, int from, int to) {
    double m = 0;
    for (int i = Math.max(0, from); i <= Math.min(f.length - 1, to); i++) {
      m = Math.max(m, f[i]);
    }
    return m;
  }

  /** Index of the first element {@code >= key} of an ascending array. */
  static int lowerBound(int[] a, int key) {
    int lo = 0;
    int hi = a.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (a[mid] < key) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
