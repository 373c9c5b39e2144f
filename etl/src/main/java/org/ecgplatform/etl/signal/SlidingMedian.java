package org.ecgplatform.etl.signal;

/**
 * Running median over a centred window in O(n log w) time and O(n) memory.
 *
 * <p>Method: the classic two-heap running median (see e.g. W. Hardle &amp; W. Steiger, "Optimal
 * median smoothing", Applied Statistics 44(2), 1995, for the windowed problem). The window's values
 * are split into a max-heap holding the smaller half and a min-heap holding the larger half, with
 * the max-heap holding one more element when the count is odd. Both heaps are <em>indexed</em>:
 * every sample index knows its position in its heap, so the sample that leaves the window is
 * removed in O(log w) instead of being lazily skipped. After each insertion or removal the heaps
 * are rebalanced by moving one top across. The median is the max-heap's top (odd count) or the mean
 * of both tops (even count).
 *
 * <p>Edges: near the ends the window is truncated to the samples that exist (no padding), so
 * {@code y[i]} is the median of {@code x[max(0, i-h) .. min(n-1, i+h)]} with {@code h = w/2}.
 */
public final class SlidingMedian {
  private SlidingMedian() {}

  /**
   * Median-filtered copy of {@code x}.
   *
   * @param windowSamples window length, odd and &gt;= 1
   */
  public static double[] filter(double[] x, int windowSamples) {
    if (windowSamples < 1 || windowSamples % 2 == 0) {
      throw new IllegalArgumentException(
          "Cannot run median filter: windowSamples must be odd and >= 1, was " + windowSamples);
    }
    int n = x.length;
    double[] y = new double[n];
    if (n == 0) {
      return y;
    }
    int half = windowSamples / 2;
    int capacity = Math.min(windowSamples, n);
    int[] pos = new int[n];
    boolean[] inLower = new boolean[n];
    Heap lower = new Heap(x, pos, capacity, true);
    Heap upper = new Heap(x, pos, capacity, false);
    for (int i = 0; i < Math.min(half, n); i++) {
      insert(i, x, lower, upper, inLower);
    }
    for (int i = 0; i < n; i++) {
      int enter = i + half;
      if (enter < n) {
        insert(enter, x, lower, upper, inLower);
      }
      int leave = i - half - 1;
      if (leave >= 0) {
        if (inLower[leave]) {
          lower.remove(leave);
        } else {
          upper.remove(leave);
        }
        rebalance(lower, upper, inLower);
      }
      y[i] = (lower.size + upper.size) % 2 == 1
          ? x[lower.top()]
          : 0.5 * (x[lower.top()] + x[upper.top()]);
    }
    return y;
  }

  /** Odd window length for a duration: {@code round(seconds × fs)} rounded up to odd. */
  public static int oddWindowSamples(double seconds, double fsHz) {
    long w = Math.round(seconds * fsHz);
    return (int) (w % 2 == 0 ? w + 1 : w);
  }

  private static void insert(int idx, double[] x, Heap lower, Heap upper, boolean[] inLower) {
    if (lower.size == 0 || x[idx] <= x[lower.top()]) {
      lower.push(idx);
      inLower[idx] = true;
    } else {
      upper.push(idx);
      inLower[idx] = false;
    }
    rebalance(lower, upper, inLower);
  }

  private static void rebalance(Heap lower, Heap upper, boolean[] inLower) {
    if (lower.size > upper.size + 1) {
      int moved = lower.pop();
      upper.push(moved);
      inLower[moved] = false;
    } else if (upper.size > lower.size) {
      int moved = upper.pop();
      lower.push(moved);
      inLower[moved] = true;
    }
  }

  /** Binary heap of sample indices ordered by their values, with O(log w) removal by index. */
  private static final class Heap {
    private final double[] values;
    private final int[] pos;
    private final int[] heap;
    private final boolean max;
    private int size;

    Heap(double[] values, int[] pos, int capacity, boolean max) {
      this.values = values;
      this.pos = pos;
      this.heap = new int[capacity + 1];
      this.max = max;
    }

    int top() {
      return heap[0];
    }

    void push(int idx) {
      heap[size] = idx;
      pos[idx] = size;
      size++;
      siftUp(size - 1);
    }

    int pop() {
      int top = heap[0];
      remove(top);
      return top;
    }

    void remove(int idx) {
      int p = pos[idx];
      size--;
      if (p == size) {
        return;
      }
      int moved = heap[size];
      heap[p] = moved;
      pos[moved] = p;
      siftUp(p);
      siftDown(pos[moved]);
    }

    /** True when the element at a should sit above the element at b. */
    private boolean above(int a, int b) {
      double va = values[heap[a]];
      double vb = values[heap[b]];
      return max ? va > vb : va < vb;
    }

    private void siftUp(int p) {
      while (p > 0) {
        int parent = (p - 1) / 2;
        if (!above(p, parent)) {
          return;
        }
        swap(p, parent);
        p = parent;
      }
    }

    private void siftDown(int p) {
      while (true) {
        int l = 2 * p + 1;
        if (l >= size) {
          return;
        }
        int best = l;
        if (l + 1 < size && above(l + 1, l)) {
          best = l + 1;
        }
        if (!above(best, p)) {
          return;
        }
        swap(p, best);
        p = best;
      }
    }

    private void swap(int a, int b) {
      int t = heap[a];
      heap[a] = heap[b];
      heap[b] = t;
      pos[heap[a]] = a;
      pos[heap[b]] = b;
    }
  }
}
