package org.ecgplatform.evaluation.rhythm;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Atrial fibrillation (or flutter with irregular conduction) told from the RR intervals alone, beat
 * by beat: a beat is in an irregular rhythm when the intervals around it are both irregular and
 * random. The three statistics are those of the RR-based detectors of the literature (Dash et al.
 * 2009 combine the same three); the constants are fixed in {@code reference.conf}, chosen before
 * any run except {@code trim}, which the DS1 cross-validation chose between 4 and 8.
 *
 * <p>For beat {@code i} of a record with beat times {@code t}, the window is the {@code windowBeats}
 * intervals {@code t[j] - t[j-1]} nearest to it ({@code j} from {@code i - windowBeats/2 + 1} to
 * {@code i + windowBeats/2}, clipped to the record). From it the {@code trim} longest and {@code
 * trim} shortest intervals are dropped (isolated premature beats and their pauses are not a
 * rhythm), the rest kept in time order, and:
 *
 * <ul>
 *   <li><b>normalised RMSSD</b>: the root mean square of successive differences over the mean
 *       interval; irregular when at least {@code minNrmssd};
 *   <li><b>Shannon entropy</b> of the intervals in {@code bins} equal bins between their minimum and
 *       maximum, over {@code ln(bins)} (0: one value, 1: uniform); irregular when at least {@code
 *       minEntropy};
 *   <li><b>turning points</b> (intervals longer or shorter than both neighbours): an independent
 *       random series of {@code n} values has {@code 2(n-2)/3} of them with variance {@code
 *       (16n-29)/90}; random when within {@code maxTurningPointZ} standard deviations of that.
 *       Bigeminy or trigeminy (premature beats in a pattern) has too many, slow drifts too few.
 * </ul>
 *
 * <p>A beat is flagged when all three hold. With fewer than {@code minIntervals} intervals in its
 * window (a record shorter than that), it is not.
 *
 * @param windowBeats intervals per window (even, at least 8)
 * @param trim intervals dropped at each end of the sorted window
 * @param minIntervals fewest intervals for a decision
 * @param minNrmssd normalised RMSSD threshold
 * @param bins histogram bins of the entropy
 * @param minEntropy normalised Shannon entropy threshold
 * @param maxTurningPointZ largest |z| of the turning-point count that is still random
 */
public record AfDetector(
    int windowBeats, int trim, int minIntervals, double minNrmssd, int bins, double minEntropy, double maxTurningPointZ)
    implements Serializable {

  public AfDetector {
    if (windowBeats < 8 || windowBeats % 2 != 0) {
      throw new IllegalArgumentException("AF detector: window-beats must be even and at least 8, was " + windowBeats);
    }
    if (trim < 0 || 2 * trim > windowBeats - 8) {
      throw new IllegalArgumentException(
          "AF detector: trim must leave 8 or more of the " + windowBeats + " intervals, was " + trim);
    }
    if (minIntervals < 2 * trim + 8 || minIntervals > windowBeats) {
      throw new IllegalArgumentException("AF detector: min-intervals must be between 2·trim + 8 = " + (2 * trim + 8)
          + " and window-beats = " + windowBeats + ", was " + minIntervals);
    }
    if (bins < 2) {
      throw new IllegalArgumentException("AF detector: bins must be at least 2, was " + bins);
    }
    if (!(minNrmssd >= 0) || !(minEntropy >= 0) || !(maxTurningPointZ > 0)) {
      throw new IllegalArgumentException("AF detector: thresholds must be non-negative (max-turning-point-z positive), were "
          + minNrmssd + ", " + minEntropy + ", " + maxTurningPointZ);
    }
  }

  /** The statistics of one window. */
  public record Statistics(int intervals, double nrmssd, double entropy, double turningPointZ) {}

  /**
   * The per-beat decision for one record.
   *
   * @param beatTimes the record's beat times in seconds (or samples: every statistic is scale-free),
   *     ascending
   * @return for every beat, whether it lies in an irregular, random rhythm
   */
  public boolean[] flags(double[] beatTimes) {
    boolean[] flags = new boolean[beatTimes.length];
    for (int i = 0; i < beatTimes.length; i++) {
      Statistics s = statistics(beatTimes, i);
      flags[i] = s != null && irregular(s);
    }
    return flags;
  }

  /** Whether a window's statistics say irregular and random. */
  public boolean irregular(Statistics s) {
    return s.nrmssd() >= minNrmssd && s.entropy() >= minEntropy && Math.abs(s.turningPointZ()) <= maxTurningPointZ;
  }

  /** The statistics of beat {@code i}'s window, or null when it has fewer than minIntervals intervals. */
  public Statistics statistics(double[] beatTimes, int i) {
    int half = windowBeats / 2;
    int from = Math.max(1, i - half + 1);
    int to = Math.min(beatTimes.length - 1, i + half);
    int n = to - from + 1;
    if (n < minIntervals) {
      return null;
    }
    double[] rr = new double[n];
    for (int j = from; j <= to; j++) {
      rr[j - from] = beatTimes[j] - beatTimes[j - 1];
      if (!(rr[j - from] > 0)) {
        throw new IllegalArgumentException("AF detector: beat times must ascend; beat " + j + " is at " + beatTimes[j]
            + ", the one before at " + beatTimes[j - 1]);
      }
    }
    return of(trimmed(rr));
  }

  /**
   * The window without its {@code trim} longest and shortest intervals, in time order. Intervals
   * rank by length, equal ones by position, so exactly {@code trim} go at each end: of those equal
   * to the {@code trim}-th shortest the earliest go, of those equal to the {@code trim}-th longest
   * the latest. Every beat's window is trimmed, so this sorts a primitive copy once rather than
   * boxed positions with a comparator.
   */
  double[] trimmed(double[] rr) {
    if (trim == 0) {
      return rr;
    }
    int n = rr.length;
    if (n < 2 * trim) {
      throw new IllegalArgumentException("AF detector: cannot trim " + trim + " at each end of " + n + " intervals");
    }
    double[] sorted = rr.clone();
    Arrays.sort(sorted);
    double low = sorted[trim - 1];
    int first = trim - 1; // sorted's first value equal to low: the count of those below it
    while (first > 0 && Double.compare(sorted[first - 1], low) == 0) {
      first--;
    }
    int lowTies = trim - first; // of the values equal to low, these go, earliest first
    double high = sorted[n - trim];
    int last = n - trim; // sorted's last value equal to high
    while (last < n - 1 && Double.compare(sorted[last + 1], high) == 0) {
      last++;
    }
    int highTies = trim - (n - 1 - last); // of the values equal to high, these go, latest first
    boolean[] drop = new boolean[n];
    for (int k = 0; k < n; k++) {
      int c = Double.compare(rr[k], low);
      if (c < 0 || (c == 0 && lowTies-- > 0)) {
        drop[k] = true;
      }
    }
    for (int k = n - 1; k >= 0; k--) {
      int c = Double.compare(rr[k], high);
      if (c > 0 || (c == 0 && highTies-- > 0)) {
        drop[k] = true;
      }
    }
    double[] kept = new double[n - 2 * trim];
    int m = 0;
    for (int k = 0; k < n; k++) {
      if (!drop[k]) {
        kept[m++] = rr[k];
      }
    }
    return kept;
  }

  private Statistics of(double[] rr) {
    int n = rr.length;
    double mean = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double r : rr) {
      mean += r;
      min = Math.min(min, r);
      max = Math.max(max, r);
    }
    mean /= n;
    double squares = 0;
    for (int k = 1; k < n; k++) {
      double d = rr[k] - rr[k - 1];
      squares += d * d;
    }
    double nrmssd = Math.sqrt(squares / (n - 1)) / mean;

    double entropy = 0;
    if (max > min) {
      int[] counts = new int[bins];
      for (double r : rr) {
        counts[Math.min(bins - 1, (int) ((r - min) / (max - min) * bins))]++;
      }
      for (int c : counts) {
        if (c > 0) {
          double p = (double) c / n;
          entropy -= p * Math.log(p);
        }
      }
      entropy /= Math.log(bins);
    }

    int turning = 0;
    for (int k = 1; k < n - 1; k++) {
      if ((rr[k] - rr[k - 1]) * (rr[k] - rr[k + 1]) > 0) {
        turning++;
      }
    }
    double expected = 2.0 * (n - 2) / 3.0;
    double sd = Math.sqrt((16.0 * n - 29.0) / 90.0);
    return new Statistics(n, nrmssd, entropy, (turning - expected) / sd);
  }
}
