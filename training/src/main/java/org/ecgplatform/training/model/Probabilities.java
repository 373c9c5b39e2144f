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
}
