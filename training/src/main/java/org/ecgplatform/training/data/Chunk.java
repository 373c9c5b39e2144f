package org.ecgplatform.training.data;

import java.io.Serial;
import java.io.Serializable;
import java.util.List;

/**
 * A training sequence: consecutive beats of one record, in time order, as the beat-sequence model
 * is fitted on them.
 *
 * @param record record key ({@code database/record})
 * @param timeS time of each beat's fiducial point, seconds from the record's start
 * @param windows raw lead-major window of each beat
 * @param rr raw RR features of each beat (dataset columns, seconds)
 * @param labels label index of each beat
 */
public record Chunk(String record, double[] timeS, float[][] windows, float[][] rr, int[] labels) implements Serializable {
  private static final long serialVersionUID = 2L;

  public Chunk {
    int n = labels.length;
    if (n == 0 || timeS.length != n || windows.length != n || rr.length != n) {
      throw new IllegalArgumentException("Cannot build chunk of " + record + ": " + n + " labels, " + timeS.length
          + " times, " + windows.length + " windows, " + rr.length + " RR rows (must be equal and positive)");
    }
  }

  /** The beats {@code [from, to)} of a record's time-ordered beats as a chunk. */
  public static Chunk of(List<Beat> beats, int from, int to) {
    int n = to - from;
    double[] t = new double[n];
    float[][] w = new float[n][];
    float[][] r = new float[n][];
    int[] l = new int[n];
    for (int i = 0; i < n; i++) {
      Beat b = beats.get(from + i);
      t[i] = b.timeS();
      w[i] = b.window();
      r[i] = b.rr();
      l[i] = b.label();
    }
    return new Chunk(beats.get(from).record(), t, w, r, l);
  }

  /** The serial form: {@link Form}, with the windows and RR rows packed (see {@link PackedFloats}). */
  @Serial
  private Object writeReplace() {
    return new Form(record, timeS, PackedFloats.lengths(windows), PackedFloats.pack(windows), PackedFloats.lengths(rr),
        PackedFloats.pack(rr), labels);
  }

  /** A chunk as it is serialised. */
  private record Form(String record, double[] timeS, int[] windowLengths, byte[] windows, int[] rrLengths, byte[] rr,
      int[] labels) implements Serializable {
    private static final long serialVersionUID = 1L;

    @Serial
    private Object readResolve() {
      return new Chunk(record, timeS, PackedFloats.unpack(windows, windowLengths), PackedFloats.unpack(rr, rrLengths),
          labels);
    }
  }

  /** Beats in the chunk. */
  public int length() {
    return labels.length;
  }

  /** True when some beat's label is one of {@code labelSet} (label indexes). */
  public boolean holdsAny(boolean[] labelSet) {
    for (int l : labels) {
      if (l >= 0 && l < labelSet.length && labelSet[l]) {
        return true;
      }
    }
    return false;
  }
}
