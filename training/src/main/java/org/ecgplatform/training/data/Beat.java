package org.ecgplatform.training.data;

import java.io.Serial;
import java.io.Serializable;

/**
 * One beat as read from the dataset: where it is (record key {@code database/record} and time of
 * its fiducial point), its raw lead-major window, raw RR features (seconds, in the dataset's
 * {@code rrFeatures} order) and its label index.
 */
public record Beat(String record, double timeS, float[] window, float[] rr, int label) implements Serializable {
  private static final long serialVersionUID = 3L;

  /** A beat without a place (tests and benchmarks that train on loose beats). */
  public Beat(float[] window, float[] rr, int label) {
    this("", 0, window, rr, label);
  }

  /** The serial form: {@link Form}, with the window packed (see {@link PackedFloats}). */
  @Serial
  private Object writeReplace() {
    return new Form(record, timeS, PackedFloats.pack(window), rr, label);
  }

  /** A beat as it is serialised. */
  private record Form(String record, double timeS, byte[] window, float[] rr, int label) implements Serializable {
    private static final long serialVersionUID = 1L;

    @Serial
    private Object readResolve() {
      return new Beat(record, timeS, PackedFloats.unpack(window), rr, label);
    }
  }
}
