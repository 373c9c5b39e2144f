package org.ecgplatform.etl.beats;

/**
 * RR-interval features of one beat, in seconds, after de Chazal et al. 2004 (IEEE TBME 51(7)):
 *
 * <ul>
 *   <li>{@code prevS}: time since the previous beat; for the record's first beat, {@code nextS}.
 *   <li>{@code nextS}: time to the next beat; for the record's last beat, {@code prevS}.
 *   <li>{@code localS}: mean of the (up to {@link WindowConfig#localRrIntervals()}) RR intervals
 *       ending at this beat, i.e. this beat's {@code prevS} and the intervals before it (de Chazal
 *       averaged the RR intervals of the surrounding 10 s; a fixed count is causal and does not
 *       depend on the rate); for the first beat, its {@code prevS}.
 *   <li>{@code meanS}: mean RR of the whole record, {@code (last - first) / (beats - 1)}.
 *   <li>{@code irregularity} (no unit): how irregular the rhythm around the beat is, the median of
 *       the absolute differences between successive RR intervals among the (up to) {@code
 *       localIntervals} intervals before and after the beat, divided by {@code localS}. The beat's
 *       own two intervals are left out, so an isolated premature beat in sinus rhythm scores low
 *       (~0.02) while a beat in atrial fibrillation scores high (~0.15 and more): the context that
 *       tells an early beat in an irregular rhythm from a supraventricular ectopic beat. 0 when
 *       fewer than two differences are available.
 * </ul>
 *
 * Intervals are measured between beat annotations only ({@link AamiClass#isBeat}); rhythm, noise
 * and other non-beat annotations are not neighbours. A record with a single beat has no interval:
 * the four interval features are {@code NaN} and the irregularity 0.
 */
public record RrFeatures(double prevS, double nextS, double localS, double meanS, double irregularity) {

  /** Features without the irregularity (0), for callers that do not use it. */
  public RrFeatures(double prevS, double nextS, double localS, double meanS) {
    this(prevS, nextS, localS, meanS, 0.0);
  }

  /**
   * Features of every beat.
   *
   * @param beatSamples sample positions of the beats, non-decreasing
   * @param fsHz rate of {@code beatSamples}
   * @param localIntervals intervals averaged into {@code localS}
   */
  public static RrFeatures[] compute(long[] beatSamples, double fsHz, int localIntervals) {
    int n = beatSamples.length;
    RrFeatures[] out = new RrFeatures[n];
    if (n == 1) {
      out[0] = new RrFeatures(Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0.0);
    }
    if (n < 2) {
      return out;
    }
    // rr[i] = interval ending at beat i (i >= 1).
    double[] rr = new double[n];
    for (int i = 1; i < n; i++) {
      rr[i] = (beatSamples[i] - beatSamples[i - 1]) / fsHz;
    }
    double mean = (beatSamples[n - 1] - beatSamples[0]) / fsHz / (n - 1);
    double window = 0.0;
    for (int i = 0; i < n; i++) {
      double prev = i > 0 ? rr[i] : rr[1];
      double next = i < n - 1 ? rr[i + 1] : rr[n - 1];
      double local;
      if (i == 0) {
        local = prev;
      } else {
        window += rr[i];
        if (i - localIntervals >= 1) {
          window -= rr[i - localIntervals];
        }
        local = window / Math.min(i, localIntervals);
      }
      out[i] = new RrFeatures(prev, next, local, mean, irregularity(rr, i, localIntervals, local));
    }
    return out;
  }

  /**
   * Median |rr[j] - rr[j-1]| / local over the differences within {@code k} intervals of beat
   * {@code i}, leaving out the three that involve its own intervals rr[i] and rr[i+1].
   */
  private static double irregularity(double[] rr, int i, int k, double local) {
    int n = rr.length; // rr[1..n-1] are intervals; differences d[j] = |rr[j] - rr[j-1]| for j in 2..n-1
    int from = Math.max(2, i - k + 1);
    int to = Math.min(n - 1, i + k + 2);
    double[] d = new double[Math.max(0, to - from + 1)];
    int m = 0;
    for (int j = from; j <= to; j++) {
      if (j < i || j > i + 2) {
        d[m++] = Math.abs(rr[j] - rr[j - 1]);
      }
    }
    if (m < 2 || !(local > 0)) {
      return 0.0;
    }
    java.util.Arrays.sort(d, 0, m);
    double median = m % 2 == 1 ? d[m / 2] : (d[m / 2 - 1] + d[m / 2]) / 2;
    return median / local;
  }
}
