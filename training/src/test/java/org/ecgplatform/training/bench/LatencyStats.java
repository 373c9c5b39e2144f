package org.ecgplatform.training.bench;

import java.util.Arrays;

/**
 * Summary of timed calls: median and 95th percentile by the nearest-rank rule (the smallest sample
 * with at least p % of the samples at or below it, so every figure is a time that was measured),
 * and the mean.
 *
 * @param count timed calls
 * @param medianMs 50th percentile, milliseconds
 * @param p95Ms 95th percentile, milliseconds
 * @param meanMs mean, milliseconds
 */
record LatencyStats(int count, double medianMs, double p95Ms, double meanMs) {

  /** The statistics of {@code nanos} (one duration per call, any order; the array is not changed). */
  static LatencyStats ofNanos(long[] nanos) {
    if (nanos.length == 0) {
      throw new IllegalArgumentException("Cannot summarise latencies: no calls were timed");
    }
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    double sum = 0;
    for (long n : sorted) {
      sum += n;
    }
    return new LatencyStats(sorted.length, percentile(sorted, 50) / 1e6, percentile(sorted, 95) / 1e6,
        sum / sorted.length / 1e6);
  }

  /** The nearest-rank {@code p}-th percentile of ascending {@code sorted}: element ⌈p/100 · n⌉ (1-based). */
  static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      throw new IllegalArgumentException("Cannot take a percentile of no values");
    }
    if (!(p > 0 && p <= 100)) {
      throw new IllegalArgumentException("Cannot take percentile " + p + ": it must be in (0, 100]");
    }
    int rank = (int) Math.ceil(p * sorted.length / 100); // p·n first: exact for whole p
    return sorted[Math.max(1, rank) - 1];
  }
}
