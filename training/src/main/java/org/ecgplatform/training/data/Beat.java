package org.ecgplatform.training.data;

import java.io.Serializable;

/**
 * One beat as read from the dataset: where it is (record key {@code database/record} and time of
 * its fiducial point), its raw lead-major window, raw RR features (seconds, in the dataset's
 * {@code rrFeatures} order) and its label index.
 */
public record Beat(String record, double timeS, float[] window, float[] rr, int label) implements Serializable {
  private static final long serialVersionUID = 2L;

  /** A beat without a place (tests and benchmarks that train on loose beats). */
  public Beat(float[] window, float[] rr, int label) {
    this("", 0, window, rr, label);
  }
}
