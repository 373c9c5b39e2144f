package org.ecgplatform.evaluation.rhythm;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import org.ecgplatform.training.model.Probabilities;

/**
 * The irregular-rhythm gate over a stream of scored beats (the beats of one record after another,
 * each record's in time order): a beat that {@link AfDetector} places in an irregular, random
 * rhythm is read as conducted, not supraventricular ectopic: the probability of S moves to N (the
 * other classes keep theirs), so a beat called S becomes N, and a beat called V, F or Q becomes N
 * only where N's and S's probabilities together exceed its own (a few beats). Under the
 * AAMI/MIT-BIH convention the beats conducted during atrial fibrillation or flutter are N: what
 * looks premature there is the rhythm, not an ectopic beat.
 *
 * <p>Streaming with bounded memory: a beat is decided once the {@code windowBeats / 2} beats after
 * it have arrived (or its record ended), so at most that many beats wait; every beat comes out
 * exactly once, in input order, with the same decision as {@link AfDetector#flags} over the whole
 * record.
 *
 * @param <T> what the caller attaches to a beat, handed back with it
 */
public final class AfGate<T> {
  /**
   * A beat, its probabilities after the gate, whether its rhythm was irregular, whether its most
   * probable class was the suppressed one (so the gate changed it to the one it moves to), and
   * whether it was another class that the gate changed all the same (the suppressed and the
   * receiving class's probabilities together exceeding it).
   */
  public record Gated<T>(T beat, float[] probabilities, boolean irregular, boolean changed, boolean otherChanged) {}

  private record Waiting<T>(T beat, float[] probabilities) {}

  private final AfDetector detector;
  private final AtrialActivity atrial;
  private final int suppressedClass;
  private final int intoClass;
  private final int half;
  private String record;
  /** Beat times of the current record from index {@code firstTime} on. */
  private final Deque<Double> times = new ArrayDeque<>();
  /** Their atrial segments, when the atrial check is on. */
  private final List<double[]> segments = new ArrayList<>();
  private long firstTime;
  private final Deque<Waiting<T>> waiting = new ArrayDeque<>();
  private long received;
  private long next;

  /** A gate that judges the rhythm from the RR intervals alone. */
  public AfGate(AfDetector detector, int suppressedClass, int intoClass) {
    this(detector, null, suppressedClass, intoClass);
  }

  /**
   * @param detector the rhythm detector
   * @param atrial the atrial-activity check (null or off: the RR intervals alone): an irregular
   *     stretch whose atrial activity is organised (frequent ectopy, not AF) is not gated; the
   *     stretch is the beats whose intervals the detector read
   * @param suppressedClass index of the class an irregular rhythm rules out (S)
   * @param intoClass index of the class its probability moves to (N)
   */
  public AfGate(AfDetector detector, AtrialActivity atrial, int suppressedClass, int intoClass) {
    this.detector = Objects.requireNonNull(detector, "detector");
    this.atrial = atrial != null && atrial.enabled() ? atrial : null;
    if (suppressedClass < 0 || intoClass < 0 || intoClass == suppressedClass) {
      throw new IllegalArgumentException("AF gate: the class indexes must be distinct and >= 0, were " + suppressedClass
          + " and " + intoClass);
    }
    this.suppressedClass = suppressedClass;
    this.intoClass = intoClass;
    this.half = detector.windowBeats() / 2;
  }

  /** Adds the next scored beat, for a gate without the atrial check. */
  public List<Gated<T>> add(String recordKey, double time, T beat, float[] probabilities) {
    return add(recordKey, time, beat, probabilities, null);
  }

  /**
   * Adds the next scored beat.
   *
   * @param recordKey the record it belongs to; a new key ends the previous record
   * @param time its time (seconds or samples), after the previous beat's of the same record
   * @param window its window (needed only with the atrial check on)
   * @return the beats decided by this call (possibly none), in input order
   */
  public List<Gated<T>> add(String recordKey, double time, T beat, float[] probabilities, float[] window) {
    if (atrial != null && window == null) {
      throw new IllegalArgumentException("AF gate: the atrial check needs each beat's window (record " + recordKey + ")");
    }
    List<Gated<T>> out = new ArrayList<>();
    if (!recordKey.equals(record)) {
      drain(out);
      record = recordKey;
      times.clear();
      segments.clear();
      firstTime = 0;
      received = 0;
      next = 0;
    } else if (!(time > times.peekLast())) {
      throw new IllegalArgumentException("AF gate: beats of record " + recordKey + " out of time order (" + time
          + " after " + times.peekLast() + ")");
    }
    times.addLast(time);
    if (atrial != null) {
      segments.add(atrial.segment(window));
    }
    waiting.addLast(new Waiting<>(beat, probabilities));
    received++;
    while (next + half < received) {
      decide(out);
    }
    return out;
  }

  /** Decides the beats still waiting (the end of the stream). */
  public List<Gated<T>> finish() {
    List<Gated<T>> out = new ArrayList<>();
    drain(out);
    return out;
  }

  private void drain(List<Gated<T>> out) {
    while (!waiting.isEmpty()) {
      decide(out);
    }
  }

  /** Decides beat {@code next}: the times held are exactly its window, {@code [next - half, next + half]} clipped. */
  private void decide(List<Gated<T>> out) {
    double[] window = new double[times.size()];
    int k = 0;
    for (double t : times) {
      window[k++] = t;
    }
    AfDetector.Statistics s = detector.statistics(window, (int) (next - firstTime));
    boolean irregular = s != null && detector.irregular(s)
        && (atrial == null || !atrial.organised(AtrialActivity.similarity(segments)));
    Waiting<T> w = waiting.removeFirst();
    float[] p = w.probabilities();
    if (irregular) {
      float[] q = suppress(p, suppressedClass, intoClass);
      int before = Probabilities.argMax(p);
      out.add(new Gated<>(w.beat(), q, true, before == suppressedClass,
          before != suppressedClass && Probabilities.argMax(q) != before));
    } else {
      out.add(new Gated<>(w.beat(), p, false, false, false));
    }
    next++;
    while (firstTime < next - half) {
      times.removeFirst();
      if (atrial != null) {
        segments.remove(0);
      }
      firstTime++;
    }
  }

  /**
   * {@code p} with the probability of class {@code from} moved to class {@code into} (the sum and
   * every other class's probability unchanged).
   */
  public static float[] suppress(float[] p, int from, int into) {
    if (from >= p.length || into >= p.length) {
      throw new IllegalArgumentException("AF gate: class " + Math.max(from, into) + " is not among the " + p.length
          + " probabilities");
    }
    float[] q = p.clone();
    q[into] += q[from];
    q[from] = 0f;
    return q;
  }
}
