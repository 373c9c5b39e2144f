package org.ecgplatform.evaluation.metrics;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * The tallies of a beat-by-beat comparison: how many reference beats of each {@link BeatClass}
 * (rows) were paired with a test beat of each class (columns), O and X included. Cell {@code (V,
 * O)} is bxb's {@code Vo}: reference V beats that no test beat matched. The four cells O/X × o/x
 * are never counted (bxb has no such tally).
 *
 * <p>Mutable while a record is compared ({@link #add}); {@link #merge} returns a new matrix.
 */
public final class MatchMatrix implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Rows and columns: N S V F Q O X. */
  public static final int SIZE = BeatClass.values().length;

  private final long[] cells = new long[SIZE * SIZE];

  /** Counts one pair; a pair of two pseudo-classes (O or X on both sides) is not counted. */
  public MatchMatrix add(BeatClass reference, BeatClass test) {
    return add(reference, test, 1);
  }

  /** Adds {@code count} pairs. */
  public MatchMatrix add(BeatClass reference, BeatClass test, long count) {
    if (count < 0) {
      throw new IllegalArgumentException("Cannot add to a match matrix: negative count " + count);
    }
    if (reference.isBeat() || test.isBeat()) {
      cells[reference.ordinal() * SIZE + test.ordinal()] += count;
    } else if (count > 0) {
      throw new IllegalArgumentException("Cannot count a pair of pseudo-classes " + reference + test.testName());
    }
    return this;
  }

  public long count(BeatClass reference, BeatClass test) {
    return cells[reference.ordinal() * SIZE + test.ordinal()];
  }

  /** Sum of the cells with a reference class in {@code references} and a test class in {@code tests}. */
  public long sum(List<BeatClass> references, List<BeatClass> tests) {
    long s = 0;
    for (BeatClass r : references) {
      for (BeatClass t : tests) {
        s += count(r, t);
      }
    }
    return s;
  }

  /** Reference beats of a class, matched or not (row sum). */
  public long referenceTotal(BeatClass reference) {
    return sum(List.of(reference), List.of(BeatClass.values()));
  }

  /**
   * The matrix bxb's standard report shows: S merged into N on both axes (its class map without
   * SVEB statistics reads every supraventricular beat as N), so the S row and column are zero.
   */
  public MatchMatrix withSvebAsNormal() {
    MatchMatrix m = new MatchMatrix();
    for (BeatClass r : BeatClass.values()) {
      for (BeatClass t : BeatClass.values()) {
        long c = count(r, t);
        if (c > 0) {
          m.add(r == BeatClass.S ? BeatClass.N : r, t == BeatClass.S ? BeatClass.N : t, c);
        }
      }
    }
    return m;
  }

  /** A new matrix holding the sum of this one and {@code other}. */
  public MatchMatrix merge(MatchMatrix other) {
    MatchMatrix m = new MatchMatrix();
    for (int i = 0; i < cells.length; i++) {
      m.cells[i] = cells[i] + other.cells[i];
    }
    return m;
  }

  /** A copy of the counts, {@code [reference][test]} in {@link BeatClass} order. */
  public long[][] toArray() {
    long[][] a = new long[SIZE][SIZE];
    for (int r = 0; r < SIZE; r++) {
      System.arraycopy(cells, r * SIZE, a[r], 0, SIZE);
    }
    return a;
  }

  /** A matrix from counts indexed {@code [reference][test]} in {@link BeatClass} order. */
  public static MatchMatrix of(long[][] counts) {
    MatchMatrix m = new MatchMatrix();
    if (counts.length != SIZE) {
      throw new IllegalArgumentException("Cannot build a match matrix: " + counts.length + " rows, expected " + SIZE);
    }
    for (BeatClass r : BeatClass.values()) {
      if (counts[r.ordinal()].length != SIZE) {
        throw new IllegalArgumentException("Cannot build a match matrix: row " + r + " has " + counts[r.ordinal()].length
            + " columns, expected " + SIZE);
      }
      for (BeatClass t : BeatClass.values()) {
        m.add(r, t, counts[r.ordinal()][t.ordinal()]);
      }
    }
    return m;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MatchMatrix other && Arrays.equals(cells, other.cells);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(cells);
  }

  @Override
  public String toString() {
    return "MatchMatrix" + Arrays.deepToString(toArray());
  }
}
