package org.ecgplatform.evaluation.rhythm;

import java.io.Serializable;

/**
 * The supraventricular-run rule: a run of supraventricular tachycardia goes on as long as its
 * rhythm does. A per-beat classifier calls the first beats of such a run S (they come early), but
 * inside the run each beat comes on time relative to the run's own fast rhythm and looks like its
 * neighbours, so it is called N. The rule carries the S call through the run: after a beat called
 * S that comes fast, each following beat called N or S whose RR interval keeps the run's pace is
 * S, until a beat breaks it.
 *
 * <p>A beat comes fast when the RR interval before it is shorter than {@code maxRrS} (the clinical
 * limit of a tachycardia: 0.6 s, 100 beats per minute) and at most {@code maxRrOfMean} times the
 * record's mean RR interval. It keeps the pace when it comes fast and its RR interval lies within
 * {@code rrTolerance} (a fraction) of the interval before the run's opening beat. A beat called V,
 * F or Q, one that does not come fast or one off the pace ends the run; that beat may open the
 * next one. Only N beats change; the rule looks at the beats before a beat, never after, so it
 * streams ({@link #stream}) and gives the same classes over a whole record ({@link #apply}).
 *
 * @param maxRrS the longest RR interval, seconds, of a beat in a run (exclusive)
 * @param maxRrOfMean the longest RR interval of a beat in a run, as a fraction of the record's mean
 * @param rrTolerance how far a beat's RR interval may lie from the opening beat's, as a fraction
 */
public record SvtRunRule(double maxRrS, double maxRrOfMean, double rrTolerance) implements Serializable {
  private static final long serialVersionUID = 1L;

  public SvtRunRule {
    if (!(maxRrS > 0) || Double.isInfinite(maxRrS)) {
      throw new IllegalArgumentException("max-rr-s must be a positive number of seconds, got " + maxRrS);
    }
    if (!(maxRrOfMean > 0) || Double.isInfinite(maxRrOfMean)) {
      throw new IllegalArgumentException("max-rr-of-mean must be a positive fraction, got " + maxRrOfMean);
    }
    if (!(rrTolerance >= 0 && rrTolerance < 1)) {
      throw new IllegalArgumentException("rr-tolerance must be in [0, 1), got " + rrTolerance);
    }
  }

  /** Whether a beat whose RR interval before it is {@code rrS} comes fast in a record of mean RR {@code meanS}; NaN: no. */
  public boolean fast(double rrS, double meanS) {
    return rrS < maxRrS && rrS <= maxRrOfMean * meanS;
  }

  /** Whether {@code rrS} keeps the pace of a run opened by a beat whose RR interval was {@code openingS}. */
  boolean keepsPace(double rrS, double openingS) {
    return Math.abs(rrS / openingS - 1) <= rrTolerance;
  }

  /** A rule over a stream of beats, one record after another; {@code s} and {@code n} are the classes' indexes. */
  public Stream stream(int s, int n) {
    return new Stream(s, n);
  }

  /**
   * The classes of one record's beats, in time order, after the rule.
   *
   * @param rrS each beat's RR interval before it, seconds (NaN: unknown, never fast)
   * @param meanS the record's mean RR interval, seconds
   * @param classes each beat's class index
   * @return a new array; equal to {@code classes} where no run goes on
   */
  public int[] apply(double[] rrS, double meanS, int[] classes, int s, int n) {
    if (rrS.length != classes.length) {
      throw new IllegalArgumentException("SVT-run rule: " + rrS.length + " RR intervals for " + classes.length + " beats");
    }
    Stream stream = stream(s, n);
    int[] out = new int[classes.length];
    for (int i = 0; i < classes.length; i++) {
      out[i] = stream.next("", rrS[i], meanS, classes[i]);
    }
    return out;
  }

  /** The rule's state between beats: the current record and the pace of the run it is in, if any. */
  public final class Stream {
    private final int s;
    private final int n;
    private String record;
    /** The RR interval before the run's opening beat; NaN outside a run. */
    private double opening = Double.NaN;

    private Stream(int s, int n) {
      if (s < 0 || n < 0 || s == n) {
        throw new IllegalArgumentException("SVT-run rule: the classes S and N must be two of the model's (got " + s + ", "
            + n + ")");
      }
      this.s = s;
      this.n = n;
    }

    /**
     * The class of the next beat: {@code s} for a beat called N that a run goes on through, else
     * {@code cls}.
     *
     * @param record the beat's record; a new record ends any run
     * @param rrS the RR interval before the beat, seconds
     * @param meanS the record's mean RR interval, seconds
     * @param cls the beat's class index before the rule
     */
    public int next(String record, double rrS, double meanS, int cls) {
      if (!record.equals(this.record)) {
        this.record = record;
        opening = Double.NaN;
      }
      boolean fast = fast(rrS, meanS);
      if (!Double.isNaN(opening)) {
        if ((cls == n || cls == s) && fast && keepsPace(rrS, opening)) {
          return s;
        }
        opening = Double.NaN;
      }
      if (cls == s && fast) {
        opening = rrS;
      }
      return cls;
    }
  }
}
