package org.ecgplatform.evaluation.metrics;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import org.ecgplatform.etl.beats.AamiClass;

/**
 * A 5×5 confusion matrix over the AAMI EC57 classes: rows are the reference (annotated) class,
 * columns the predicted (test) class, both in label-index order ({@link AamiClass#ordinal()}).
 * Cell {@code (S, N)} counts reference S beats the classifier called N — written {@code Sn} in
 * bxb's notation (upper case reference, lower case test).
 *
 * <p>Mutable while counting ({@link #add}); {@link #merge} returns a new matrix, so it can be used
 * as the value of a Spark {@code reduceByKey}. Serializable for the same reason.
 */
public final class ConfusionMatrix implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Number of classes: the AAMI vocabulary. */
  public static final int SIZE = AamiClass.values().length;

  private final long[] cells = new long[SIZE * SIZE];

  /** An empty matrix. */
  public ConfusionMatrix() {}

  /** A matrix from counts indexed {@code [reference][predicted]}. */
  public static ConfusionMatrix of(long[][] counts) {
    if (counts.length != SIZE) {
      throw new IllegalArgumentException("Cannot build confusion matrix: " + counts.length + " rows, expected " + SIZE);
    }
    ConfusionMatrix m = new ConfusionMatrix();
    for (int r = 0; r < SIZE; r++) {
      if (counts[r].length != SIZE) {
        throw new IllegalArgumentException(
            "Cannot build confusion matrix: row " + r + " has " + counts[r].length + " columns, expected " + SIZE);
      }
      for (int p = 0; p < SIZE; p++) {
        m.add(r, p, counts[r][p]);
      }
    }
    return m;
  }

  /** Counts one beat. */
  public ConfusionMatrix add(AamiClass reference, AamiClass predicted) {
    return add(reference.ordinal(), predicted.ordinal(), 1);
  }

  /** Adds {@code count} beats of reference label {@code referenceIndex} predicted as {@code predictedIndex}. */
  public ConfusionMatrix add(int referenceIndex, int predictedIndex, long count) {
    check(referenceIndex, "reference");
    check(predictedIndex, "predicted");
    if (count < 0) {
      throw new IllegalArgumentException("Cannot add to confusion matrix: negative count " + count);
    }
    cells[referenceIndex * SIZE + predictedIndex] += count;
    return this;
  }

  private static void check(int index, String what) {
    if (index < 0 || index >= SIZE) {
      throw new IllegalArgumentException(
          "Cannot count beat: " + what + " label index " + index + " outside 0.." + (SIZE - 1)
              + " (labels follow " + AamiClass.vocabulary() + ")");
    }
  }

  /** A new matrix holding the sum of this one and {@code other}. */
  public ConfusionMatrix merge(ConfusionMatrix other) {
    ConfusionMatrix m = new ConfusionMatrix();
    for (int i = 0; i < cells.length; i++) {
      m.cells[i] = cells[i] + other.cells[i];
    }
    return m;
  }

  /** The sum of many matrices (empty when there are none). */
  public static ConfusionMatrix sum(Iterable<ConfusionMatrix> matrices) {
    ConfusionMatrix total = new ConfusionMatrix();
    for (ConfusionMatrix m : matrices) {
      total = total.merge(m);
    }
    return total;
  }

  public long count(AamiClass reference, AamiClass predicted) {
    return cells[reference.ordinal() * SIZE + predicted.ordinal()];
  }

  public long count(int referenceIndex, int predictedIndex) {
    return cells[referenceIndex * SIZE + predictedIndex];
  }

  /** Sum of the cells whose reference is in {@code references} and prediction in {@code predictions}. */
  public long sum(List<AamiClass> references, List<AamiClass> predictions) {
    long s = 0;
    for (AamiClass r : references) {
      for (AamiClass p : predictions) {
        s += count(r, p);
      }
    }
    return s;
  }

  /** Beats whose reference class is {@code reference} (row sum). */
  public long referenceTotal(AamiClass reference) {
    long s = 0;
    for (int p = 0; p < SIZE; p++) {
      s += count(reference.ordinal(), p);
    }
    return s;
  }

  /** Beats predicted as {@code predicted} (column sum). */
  public long predictedTotal(AamiClass predicted) {
    long s = 0;
    for (int r = 0; r < SIZE; r++) {
      s += count(r, predicted.ordinal());
    }
    return s;
  }

  /** Beats on the diagonal. */
  public long correct() {
    long s = 0;
    for (int i = 0; i < SIZE; i++) {
      s += count(i, i);
    }
    return s;
  }

  public long total() {
    long s = 0;
    for (long c : cells) {
      s += c;
    }
    return s;
  }

  /** A copy of the counts, {@code [reference][predicted]}. */
  public long[][] toArray() {
    long[][] a = new long[SIZE][SIZE];
    for (int r = 0; r < SIZE; r++) {
      System.arraycopy(cells, r * SIZE, a[r], 0, SIZE);
    }
    return a;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConfusionMatrix other && Arrays.equals(cells, other.cells);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(cells);
  }

  @Override
  public String toString() {
    return "ConfusionMatrix" + Arrays.deepToString(toArray());
  }
}
