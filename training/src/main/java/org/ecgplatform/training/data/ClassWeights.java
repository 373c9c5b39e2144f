package org.ecgplatform.training.data;

import org.ecgplatform.common.DatasetContractException;

/**
 * Loss weights that counter the class imbalance of arrhythmia data (MIT-BIH DS1 is ~90% N).
 *
 * <p>Weight of class c is the "balanced" inverse frequency {@code N / (K · n_c)} (N training beats,
 * K classes, n_c beats of class c), so a class of average size gets 1, and it is capped at
 * {@code cap}: with DS1's handful of Q beats the uncapped weight would be in the thousands and one
 * minibatch containing a Q beat would dominate the gradient.
 */
public final class ClassWeights {
  private ClassWeights() {}

  /** How class weights follow the class frequencies ({@code training.class-weighting}). */
  public enum Mode {
    /** {@code N / (K · n_c)}, capped. */
    BALANCED,
    /** The square root of the balanced weight, capped: a milder correction. */
    SQRT,
    /** Every class present weighs 1. */
    NONE;

    /** Parses a configuration value (any case). */
    public static Mode parse(String key, String value) {
      return org.ecgplatform.common.ConfigLoader.enumValue(key, value, Mode.class);
    }
  }

  /**
   * Weights of {@code mode}; classes in {@code mayBeAbsent} without training beats get 0.
   *
   * @throws DatasetContractException when another class has no training beat
   */
  public static double[] of(Mode mode, long[] counts, java.util.List<String> classes, double cap,
      java.util.List<String> mayBeAbsent) {
    double[] w = balanced(counts, classes, Double.MAX_VALUE, mayBeAbsent);
    for (int c = 0; c < w.length; c++) {
      if (w[c] > 0) {
        w[c] = switch (mode) {
          case BALANCED -> Math.min(cap, w[c]);
          case SQRT -> Math.min(cap, Math.sqrt(w[c]));
          case NONE -> 1.0;
        };
      }
    }
    return w;
  }

  /**
   * @param counts training beats per class, label-index order
   * @param classes class names in the same order (for the error message)
   * @throws DatasetContractException when a class has no training beat
   */
  public static double[] balanced(long[] counts, java.util.List<String> classes, double cap) {
    return balanced(counts, classes, cap, java.util.List.of());
  }

  /**
   * Like {@link #balanced(long[], java.util.List, double)}, but the classes in {@code mayBeAbsent}
   * may have no training beat (a database without paced or unclassifiable beats, say); they get
   * weight 0, and the other weights are computed over the classes present.
   */
  public static double[] balanced(long[] counts, java.util.List<String> classes, double cap,
      java.util.List<String> mayBeAbsent) {
    long total = 0;
    int present = 0;
    for (int c = 0; c < counts.length; c++) {
      if (counts[c] <= 0 && mayBeAbsent.contains(classes.get(c))) {
        continue;
      }
      present++;
      if (counts[c] <= 0) {
        throw new DatasetContractException(
            "Cannot train: class " + classes.get(c) + " has no beat in the training split (counts "
                + java.util.Arrays.toString(counts) + " for " + classes + "; check the ETL split)");
      }
      total += counts[c];
    }
    double[] w = new double[counts.length];
    for (int c = 0; c < counts.length; c++) {
      w[c] = counts[c] <= 0 ? 0 : Math.min(cap, (double) total / ((double) present * counts[c]));
    }
    return w;
  }
}
