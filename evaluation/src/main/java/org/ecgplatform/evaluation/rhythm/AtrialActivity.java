package org.ecgplatform.evaluation.rhythm;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import org.ecgplatform.training.model.AtrialMatch;

/**
 * Whether the atrial activity before the QRS complexes of a stretch of beats is organised: P waves
 * (sinus or from one ectopic focus) repeat from beat to beat, the fibrillatory waves of atrial
 * fibrillation, or the flutter waves of variable conduction, do not. From RR intervals alone an
 * irregular stretch of frequent atrial ectopy looks like AF ({@link AfDetector}); this tells them
 * apart from the signal, without labels.
 *
 * <p>Each beat contributes the segment of its window's first lead from {@code fromS} to {@code toS}
 * seconds before its fiducial point (the P wave's place, the QRS onset left out), its mean removed.
 * A stretch's <b>atrial similarity</b> is the median, over its beats, of the correlation of each
 * segment with the stretch's per-sample median segment: near 1 when the same P wave precedes most
 * beats, near 0 when the segments are unrelated. A flat segment correlates 0.
 *
 * @param from first window sample of the segment (first lead)
 * @param to window sample after the segment's last
 * @param maxSimilarity a stretch whose similarity is below this is unorganised (AF-like); 1 or more
 *     turns the check off (every stretch counts as unorganised)
 */
public record AtrialActivity(int from, int to, double maxSimilarity) implements Serializable {
  /** Fewest samples a segment may have. */
  static final int MIN_SAMPLES = 8;

  public AtrialActivity {
    if (from < 0 || to - from < MIN_SAMPLES) {
      throw new IllegalArgumentException("atrial activity: the segment must start inside the window and hold at least "
          + MIN_SAMPLES + " samples, was samples [" + from + ", " + to + ")");
    }
    check(maxSimilarity);
  }

  private static void check(double maxSimilarity) {
    if (!(maxSimilarity > -1)) {
      throw new IllegalArgumentException("atrial activity: max-atrial-similarity must be above -1, was " + maxSimilarity);
    }
  }

  /** The checks of {@link #of} that do not depend on the window. */
  public static void check(double fromS, double toS, double maxSimilarity) {
    if (!(fromS > toS) || !(toS >= 0)) {
      throw new IllegalArgumentException("atrial activity: atrial-from-s must exceed atrial-to-s >= 0, were " + fromS
          + " and " + toS);
    }
    check(maxSimilarity);
  }

  /**
   * The segment for windows with {@code samplesBefore} samples before the fiducial point at {@code
   * fsHz}.
   *
   * @param fromS seconds before the fiducial point where the segment starts
   * @param toS seconds before the fiducial point where it ends (less than {@code fromS})
   */
  public static AtrialActivity of(double fromS, double toS, double maxSimilarity, int fsHz, int samplesBefore) {
    check(fromS, toS, maxSimilarity);
    int from = samplesBefore - (int) Math.round(fromS * fsHz);
    if (from < 0) {
      throw new IllegalArgumentException("atrial activity: atrial-from-s = " + fromS + " s reaches before the window, which starts "
          + (double) samplesBefore / fsHz + " s before the beat");
    }
    return new AtrialActivity(from, samplesBefore - (int) Math.round(toS * fsHz), maxSimilarity);
  }

  /** Whether the check applies at all ({@code maxSimilarity} below 1). */
  public boolean enabled() {
    return maxSimilarity < 1;
  }

  /** A beat's segment, its mean removed, from its window (lead-major: the first lead's samples first). */
  public double[] segment(float[] window) {
    if (window.length < to) {
      throw new IllegalArgumentException("atrial activity: a window of " + window.length + " samples has no samples ["
          + from + ", " + to + ")");
    }
    return AtrialMatch.centred(window, from, to - from);
  }

  /** The atrial similarity of a stretch's segments (as {@link #segment} makes them). */
  public static double similarity(List<double[]> segments) {
    int n = segments.size();
    if (n == 0) {
      throw new IllegalArgumentException("atrial activity: no segments");
    }
    int length = segments.get(0).length;
    double[] median = new double[length];
    double[] column = new double[n];
    for (int j = 0; j < length; j++) {
      for (int k = 0; k < n; k++) {
        column[k] = segments.get(k)[j];
      }
      median[j] = median(column);
    }
    double[] r = new double[n];
    for (int k = 0; k < n; k++) {
      r[k] = correlation(segments.get(k), median);
    }
    return median(r);
  }

  /** Whether a stretch of this similarity counts as organised atrial activity (not AF-like). */
  public boolean organised(double similarity) {
    return enabled() && similarity >= maxSimilarity;
  }

  /**
   * The whole-record decision the streaming gate makes: beats {@code rhythmFlags} marks (an
   * irregular rhythm) stay marked unless the segments of beats {@code [i - half, i + half]} (clipped
   * to the record) are organised.
   */
  public boolean[] refine(boolean[] rhythmFlags, List<double[]> segments, int half) {
    if (segments.size() != rhythmFlags.length) {
      throw new IllegalArgumentException("atrial activity: " + segments.size() + " segments for " + rhythmFlags.length
          + " beats");
    }
    boolean[] out = rhythmFlags.clone();
    if (!enabled()) {
      return out;
    }
    for (int i = 0; i < out.length; i++) {
      if (out[i]) {
        int lo = Math.max(0, i - half);
        int hi = Math.min(out.length, i + half + 1);
        out[i] = !organised(similarity(segments.subList(lo, hi)));
      }
    }
    return out;
  }

  static double correlation(double[] x, double[] y) {
    return AtrialMatch.correlation(x, y, 0);
  }

  /** The median (the mean of the two middle values for an even count); sorts {@code v}. */
  static double median(double[] v) {
    Arrays.sort(v);
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }
}
