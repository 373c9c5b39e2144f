package org.ecgplatform.training.data;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Loss weights that even out the training records within each class ({@code training.record-balance}).
 *
 * <p>The class weights ({@link ClassWeights}) give each class its share of the loss, but inside a
 * class every beat weighs the same, so the record with most beats of a class teaches the network
 * what that class looks like. On MIT-BIH DS1 one record, 209, holds 383 of the 944 S beats and
 * another, 208, 992 of the 3,788 V beats: a network trained on them learns those patients' ectopic
 * beats more than what ectopic beats of any patient share. With exponent {@code β} a beat of class c
 * in record r weighs
 *
 * <pre>  w(r, c) = n_c · n_rc^(−β) / Σ_r' n_r'c^(1−β)</pre>
 *
 * where {@code n_rc} is the training rows of class c in record r (augmented copies included, as they
 * are fitted) and {@code n_c = Σ_r n_rc}. The class's total weight stays {@code n_c}, so the class
 * weights act as before; within the class, record r's share of it is proportional to
 * {@code n_rc^(1−β)}: {@code β = 0} leaves every beat at 1 (off), {@code β = 1} gives every record
 * that has the class an equal share, {@code β = 0.5} shares in proportion to the square root of the
 * counts. Applied as a per-beat weight on the loss: the beat's one-hot label holds the weight
 * ({@link BeatBatcher}).
 *
 * @param exponent {@code β} in [0, 1]
 * @param weights per record key ({@code database/record}), the weight of each class in label-index
 *     order (0 where the record has no beat of the class); empty when off
 */
public record RecordBalance(double exponent, Map<String, double[]> weights) implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Key of the setting. */
  public static final String KEY = "training.record-balance";

  /** Every beat weighs 1. */
  public static final RecordBalance OFF = new RecordBalance(0, Map.of());

  public RecordBalance {
    if (!(exponent >= 0 && exponent <= 1)) {
      throw new IllegalArgumentException("Cannot balance records: exponent " + exponent + " outside [0, 1]");
    }
    weights = Map.copyOf(weights);
  }

  /** Whether any beat weighs other than 1. */
  public boolean enabled() {
    return exponent > 0;
  }

  /**
   * The weights for training rows counted per record and class.
   *
   * @param exponent {@code β} in [0, 1]; 0 gives {@link #OFF}
   * @param counts per record key, training rows per class in label-index order (every array of one
   *     length)
   */
  public static RecordBalance of(double exponent, Map<String, long[]> counts) {
    if (exponent == 0) {
      return OFF;
    }
    int classes = counts.values().stream().mapToInt(a -> a.length).max().orElse(0);
    double[] total = new double[classes];
    double[] shares = new double[classes];
    for (long[] n : counts.values()) {
      if (n.length != classes) {
        throw new IllegalArgumentException("Cannot balance records: class counts of different lengths");
      }
      for (int c = 0; c < classes; c++) {
        if (n[c] > 0) {
          total[c] += n[c];
          shares[c] += Math.pow(n[c], 1 - exponent);
        }
      }
    }
    Map<String, double[]> w = new HashMap<>();
    for (Map.Entry<String, long[]> e : counts.entrySet()) {
      double[] rw = new double[classes];
      for (int c = 0; c < classes; c++) {
        long n = e.getValue()[c];
        rw[c] = n > 0 ? total[c] * Math.pow(n, -exponent) / shares[c] : 0;
      }
      w.put(e.getKey(), rw);
    }
    return new RecordBalance(exponent, w);
  }

  /**
   * The weight of a beat of {@code record} with label {@code label}.
   *
   * @throws IllegalArgumentException when balancing and the record and class were not counted (the
   *     weights come from another split than the beats)
   */
  public float weight(String record, int label) {
    if (!enabled()) {
      return 1f;
    }
    double[] rw = weights.get(record);
    if (rw == null || label < 0 || label >= rw.length || rw[label] <= 0) {
      throw new IllegalArgumentException("Cannot weigh beat: record " + record + " has no counted training beat of label "
          + label + " (the record balance was computed on other rows)");
    }
    return (float) rw[label];
  }

  /** For the log: per record, the weight of each class it has, rounded. */
  public String describe(java.util.List<String> classes) {
    Map<String, String> out = new TreeMap<>();
    for (Map.Entry<String, double[]> e : weights.entrySet()) {
      StringBuilder sb = new StringBuilder();
      for (int c = 0; c < e.getValue().length; c++) {
        if (e.getValue()[c] > 0) {
          sb.append(sb.length() == 0 ? "" : " ").append(classes.get(c)).append('=')
              .append(String.format(java.util.Locale.ROOT, "%.2f", e.getValue()[c]));
        }
      }
      out.put(e.getKey(), sb.toString());
    }
    return out.toString();
  }
}
