package org.ecgplatform.training.model;

/** Class probabilities of one beat, as the scorers return them. */
public final class Probabilities {
  private Probabilities() {}

  /** The index of the most probable class (the first of equals). */
  public static int argMax(float[] p) {
    if (p.length == 0) {
      throw new IllegalArgumentException("No class probabilities");
    }
    int best = 0;
    for (int c = 1; c < p.length; c++) {
      if (p[c] > p[best]) {
        best = c;
      }
    }
    return best;
  }

  /**
   * The index of the class with the largest weighted probability {@code w[c] * p[c]} (the first of
   * equals); weights of 1 give {@link #argMax(float[])}.
   */
  public static int argMax(float[] p, float[] w) {
    if (p.length == 0 || w.length != p.length) {
      throw new IllegalArgumentException("Need as many weights as class probabilities, had " + w.length + " and " + p.length);
    }
    int best = 0;
    float top = w[0] * p[0];
    for (int c = 1; c < p.length; c++) {
      float v = w[c] * p[c];
      if (v > top) {
        best = c;
        top = v;
      }
    }
    return best;
  }
}
