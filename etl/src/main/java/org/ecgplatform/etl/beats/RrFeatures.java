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
 *   <li>{@code longS}: as {@code localS}, over {@link WindowConfig#longRrIntervals()} intervals;
 *       {@code NaN} when that is 0 (no such column).
 * </ul>
 *
 * Intervals are measured between beat annotations only ({@link AamiClass#isBeat}); rhythm, noise
 * and other non-beat annotations are not neighbours. A record with a single beat has no interval:
 * all five features are {@code NaN}.
 */
public record RrFeatures(double prevS, double nextS, double localS, double meanS, double longS) {

  /** Features without the longer average ({@code longS} is {@code NaN}). */
  public RrFeatures(double prevS, double nextS, double localS, double meanS) {
    this(prevS, nextS, localS, meanS, Double.NaN);
  }

  /**
   * Features of every beat.
   *
   * @param beatSamples sample positions of the beats, non-decreasing
   * @param fsHz rate of {@code beatSamples}
   * @param localIntervals intervals averaged into {@code localS}
   */
  public static RrFeatures[] compute(long[] beatSamples, double fsHz, int localIntervals) {
    return compute(beatSamples, fsHz, localIntervals, 0);
  }

  /**
   * Features of every beat, with the longer average.
   *
   * @param longIntervals intervals averaged into {@code longS}; 0 leaves it {@code NaN}
   */
  public static RrFeatures[] compute(long[] beatSamples, double fsHz, int localIntervals, int longIntervals) {
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
    double[] local = trailingMeans(rr, localIntervals);
    double[] longer = longIntervals > 0 ? trailingMeans(rr, longIntervals) : null;
    for (int i = 0; i < n; i++) {
      double prev = i > 0 ? rr[i] : rr[1];
      double next = i < n - 1 ? rr[i + 1] : rr[n - 1];
      out[i] = new RrFeatures(prev, next, local[i], mean, longer == null ? Double.NaN : longer[i]);
    }
    return out;
  }

  /**
   * Mean of the (up to {@code count}) intervals ending at each beat; for the first beat, which has
   * none, the interval after it.
   */
  private static double[] trailingMeans(double[] rr, int count) {
    int n = rr.length;
    double[] out = new double[n];
    out[0] = rr[1];
    double window = 0.0;
    for (int i = 1; i < n; i++) {
      window += rr[i];
      if (i - count >= 1) {
        window -= rr[i - count];
      }
      out[i] = window / Math.min(i, count);
    }
    return out;
  }
}
