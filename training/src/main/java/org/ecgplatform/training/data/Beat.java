package org.ecgplatform.training.data;

import java.io.Serializable;

/**
 * One training example as read from the dataset: raw lead-major window, raw RR features (seconds,
 * in the dataset's {@code rrFeatures} order) and the label index.
 */
public record Beat(float[] window, float[] rr, int label) implements Serializable {
  private static final long serialVersionUID = 1L;
}
