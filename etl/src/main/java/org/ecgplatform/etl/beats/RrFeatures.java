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
 * </ul>
 *
 * Intervals are measured between beat annotations only ({@link AamiClass#isBeat}); rhythm, noise
 * and other non-beat annotations are not neighbours. A record with a single beat has no interval:
 * all four features are {@code NaN}.
 */
public record RrFeatures(double prevS, double nextS, double localS, double meanS) {

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
      out[0] = new RrFeatures(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
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
      out[i] = new RrFeatures(prev, next, local, mean);
    }
    return out;
  }
}
