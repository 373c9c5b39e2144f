package org.ecgplatform.evaluation.metrics;

import java.io.Serializable;

/**
 * A statistic defined as a quotient of two beat counts, kept with its numerator and denominator so
 * that reports can show "(a/b)" as bxb does and so that an undefined value (denominator 0) stays
 * visibly undefined: {@link #value()} is {@code NaN} then, written as {@code null} in JSON and as an
 * empty cell in CSV.
 */
public record Ratio(long numerator, long denominator) implements Serializable {

  public Ratio {
    if (numerator < 0 || denominator < 0) {
      throw new IllegalArgumentException("Cannot build ratio " + numerator + "/" + denominator + ": negative count");
    }
  }

  /** True when the denominator is positive. */
  public boolean isDefined() {
    return denominator > 0;
  }

  /** numerator / denominator as a fraction in [0, 1], or {@code NaN} when undefined. */
  public double value() {
    return denominator > 0 ? (double) numerator / denominator : Double.NaN;
  }

  @Override
  public String toString() {
    return numerator + "/" + denominator;
  }
}
