package org.ecgplatform.evaluation.report;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.ecgplatform.evaluation.metrics.ConfusionMatrix;

/**
 * Draws of a test set's records with replacement, for intervals over records: on MIT-BIH a record
 * is a patient, so an interval says how far a figure would move had other patients of the same kind
 * been drawn, a spread that the training seeds do not show. Every draw comes from one fixed random
 * seed, so a summary gives the same interval every time it is run on the same evaluations.
 */
public final class RecordBootstrap {
  /** The random seed of the draws. */
  static final long SEED = 20261207L;

  /** Draws when the caller does not say. */
  public static final int DEFAULT_SAMPLES = 2000;

  /** The central 95 % of a statistic over the draws; NaN where there was none. */
  public record Interval(double low, double high) {
    /** No interval: no draws, or the statistic undefined in every draw. */
    public static final Interval NONE = new Interval(Double.NaN, Double.NaN);
  }

  /** Statistics of one draw: the drawn records as indices into the record list, repeats allowed. */
  interface Statistic {
    double[] of(int[] draw);
  }

  private RecordBootstrap() {}

  /** {@code samples} draws of {@code n} records with replacement; row b holds the statistics of draw b. */
  static double[][] draws(int n, int samples, Statistic statistic) {
    SplittableRandom random = new SplittableRandom(SEED);
    double[][] out = new double[samples][];
    int[] draw = new int[n];
    for (int b = 0; b < samples; b++) {
      for (int i = 0; i < n; i++) {
        draw[i] = random.nextInt(n);
      }
      out[b] = statistic.of(draw);
    }
    return out;
  }

  /**
   * One evaluation's counts per record of {@code records}, flattened ({@code [reference * SIZE +
   * predicted]}) once, so that a draw sums arrays; zeros for a record the evaluation lacks.
   */
  static long[][] counts(List<String> records, Map<String, ConfusionMatrix> matrices) {
    int size = ConfusionMatrix.SIZE;
    long[][] out = new long[records.size()][size * size];
    for (int i = 0; i < out.length; i++) {
      ConfusionMatrix m = matrices.get(records.get(i));
      if (m != null) {
        long[][] a = m.toArray();
        for (int r = 0; r < size; r++) {
          System.arraycopy(a[r], 0, out[i], r * size, size);
        }
      }
    }
    return out;
  }

  /** The summed matrix of the drawn records ({@link #counts}). */
  static ConfusionMatrix sum(int[] draw, long[][] counts) {
    int size = ConfusionMatrix.SIZE;
    long[] total = new long[size * size];
    for (int i : draw) {
      long[] c = counts[i];
      for (int k = 0; k < total.length; k++) {
        total[k] += c[k];
      }
    }
    ConfusionMatrix m = new ConfusionMatrix();
    for (int k = 0; k < total.length; k++) {
      m.add(k / size, k % size, total[k]);
    }
    return m;
  }

  /** The central 95 % of statistic {@code k} over the draws, those where it is NaN left out. */
  static Interval central95(double[][] values, int k) {
    double[] sorted = Arrays.stream(values).mapToDouble(v -> v[k]).filter(v -> !Double.isNaN(v)).sorted().toArray();
    return sorted.length == 0 ? Interval.NONE : new Interval(quantile(sorted, 0.025), quantile(sorted, 0.975));
  }

  /** The q-quantile of sorted values, linear between neighbours. */
  static double quantile(double[] sorted, double q) {
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }
}
