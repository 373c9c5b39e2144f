package org.ecgplatform.evaluation.metrics;

import java.util.ArrayList;
import java.util.List;
import org.ecgplatform.etl.wfdb.Annotation;

/**
 * Beat-by-beat comparison of a test annotator's beats with reference beat annotations, as ANSI/AAMI
 * EC38 and EC57 define it and as PhysioNet's reference implementation {@code bxb} (WFDB 10.7,
 * {@code app/bxb.c}, G. Moody) performs it, so that every tally equals bxb's.
 *
 * <h2>The two annotation streams</h2>
 *
 * Each side is read as a sequence of beats; each beat keeps its time, its class ({@link
 * ClassMapping}) and the RR interval to the previous beat. Non-beat annotations are skipped, except:
 *
 * <ul>
 *   <li><b>ventricular flutter/fibrillation</b>: a {@code [} (VFON) annotation and everything up to
 *       the next {@code ]} (VFOFF) are skipped; the episode is remembered;
 *   <li><b>shutdown</b>: a noise annotation {@code ~} whose subtype has bits 4 and 5 set marks the
 *       start of a period in which neither signal is readable; the next annotation, when it is a
 *       {@code ~} without both bits, ends it. Otherwise (the AHA convention of one mark in the
 *       middle of the period) the shutdown is taken to run from one window after the previous beat
 *       (or VF end) to one window before the next annotation. The test annotator's shutdown time is
 *       totalled.
 * </ul>
 *
 * An RR interval is not valid for the first beat, nor across the start of a VF episode or a
 * shutdown (the current or the previous one).
 *
 * <h2>Pairing</h2>
 *
 * With {@code T}, {@code T'} the current and next reference beat times, {@code t}, {@code t'} the
 * current and next test beat times and {@code w} the match window (150 ms in samples), each step
 * takes the earlier of {@code T} and {@code t}:
 *
 * <ol>
 *   <li>test earlier: if {@code T-t <= w} and either {@code T-t < |T-t'|} or the next beats match
 *       each other better ({@code |T'-t'| < |T-t'|}), pair the two beats and advance both;
 *       otherwise the test beat is extra: pair it with a reference O (X when it falls into a
 *       reference shutdown; not counted at all inside a reference VF episode) and advance the test
 *       side;
 *   <li>reference earlier or simultaneous: symmetrically, pair {@code T} with {@code t} if {@code
 *       t-T <= w} and {@code t-T < |t-T'|} or {@code |t'-T'| < |t-T'|}; otherwise the reference beat
 *       is missed: pair it with a test o (x inside a test shutdown) and advance the reference side.
 * </ol>
 *
 * The second criterion in each case (bxb's change of 24 November 2002) lets two close pairs match
 * when both test beats lie within the window of the first reference beat.
 *
 * <h2>Start and end</h2>
 *
 * The comparison begins at {@link MatchSettings#startS()}: the first reference beat at or after it,
 * and a test beat before it may still match that first reference beat; a test beat just after the
 * start that a later test beat matches better is dropped uncounted. It ends when both sides have
 * passed the end of the record (header length), or, when the header gives no length, at the end of
 * the reference annotations.
 *
 * <p>Every pair also compares the two current RR intervals, when both are valid, for the RMS RR
 * interval error.
 *
 * <p>The time state (current and next beat per side, starting from time 0 with no class) is
 * bxb's, and so are its edge cases: a beat at sample 0 has no valid RR interval, and the test beat
 * at sample 0 of a comparison starting at 0 is paired with nothing.
 */
public final class BeatMatcher {
  /** The annotation code of noise / signal quality changes ({@code ~}). */
  static final int NOISE = 14;
  /** Ventricular flutter/fibrillation starts ({@code [}). */
  static final int VFON = 32;
  /** Ventricular flutter/fibrillation ends ({@code ]}). */
  static final int VFOFF = 33;
  /** Bits 4 and 5 of a noise subtype: both signals unreadable. */
  private static final int SHUTDOWN_BITS = 0x30;
  /** Time of "no more beats". */
  private static final long NEVER = Long.MAX_VALUE;

  private final String record;
  private final MatchSettings settings;
  private final long window;
  private final long start;
  /** Last sample compared; -1: unknown (compare to the end of the reference annotations). */
  private final long end;
  private final long samplesPerSecond;
  private final Side reference;
  private final Side test;
  private final MatchMatrix matrix = new MatchMatrix();
  private final List<String> warnings = new ArrayList<>();
  private double rrSumSquares;
  private long rrCount;
  private long shutdownSamples;

  private BeatMatcher(String record, List<Annotation> referenceAnnotations, List<Annotation> testAnnotations, double fsHz,
      long recordLengthSamples, MatchSettings settings) {
    if (!(fsHz > 0) || Double.isInfinite(fsHz)) {
      throw new IllegalArgumentException("Cannot compare beats of record " + record + ": sampling frequency " + fsHz
          + " Hz (the header must give a positive frequency)");
    }
    this.record = record;
    this.settings = settings;
    this.window = MatchSettings.samples(settings.matchWindowS(), fsHz);
    this.start = MatchSettings.samples(settings.startS(), fsHz);
    this.end = recordLengthSamples > 0 ? recordLengthSamples : -1;
    this.samplesPerSecond = MatchSettings.samples(1, fsHz);
    if (end > 0 && end < start) {
      throw new IllegalArgumentException("Cannot compare beats of record " + record + ": it ends at sample " + end
          + ", before the comparison's start at sample " + start + " (lower the start time)");
    }
    this.shutdownSamples = MatchSettings.samples(0.5, fsHz); // so that the whole seconds are rounded
    this.reference = new Side(referenceAnnotations, false);
    this.test = new Side(testAnnotations, true);
  }

  /**
   * Compares one record.
   *
   * @param reference the reference annotations (all of them, in file order)
   * @param test the test annotations, in file order
   * @param fsHz the record's sampling frequency (from its header)
   * @param recordLengthSamples the record's length from its header; 0 when the header has none
   */
  public static RecordComparison compare(String record, List<Annotation> reference, List<Annotation> test, double fsHz,
      long recordLengthSamples, MatchSettings settings) {
    BeatMatcher m = new BeatMatcher(record, reference, test, fsHz, recordLengthSamples, settings);
    m.run();
    return new RecordComparison(record, settings, m.matrix, m.rrSumSquares, m.rrCount, m.samplesPerSecond,
        m.shutdownSamples / m.samplesPerSecond, m.warnings);
  }

  private void run() {
    // The first reference beat at or after the start; the test side stops one beat earlier, on the
    // last test beat before the start (if any), which may still match that reference beat.
    do {
      reference.advance();
    } while (reference.time < start);
    do {
      test.advance();
    } while (test.next < start);

    if (reference.time - test.time < Math.abs(reference.time - test.next) && reference.time - test.time <= window) {
      pair(reference.label, test.label);
      reference.advance();
      test.advance();
    } else {
      test.advance();
      if (test.time - start <= window && Math.abs(reference.time - test.next) < Math.abs(reference.time - test.time)) {
        test.advance(); // the first test beat is a worse match than the next one: drop it uncounted
      }
    }

    while ((end > 0 && (reference.time <= end || test.time <= end)) || (end == -1 && reference.time != NEVER)) {
      long bigT = reference.time;
      long t = test.time;
      if (t < bigT) {
        if (bigT - t <= window && (bigT - t < Math.abs(bigT - test.next) || Math.abs(reference.next - test.next) < Math.abs(bigT - test.next))) {
          pair(reference.label, test.label);
          reference.advance();
          test.advance();
        } else {
          pair(reference.pseudoLabelAt(t, true), test.label);
          test.advance();
        }
      } else {
        if (t - bigT <= window && (t - bigT < Math.abs(t - reference.next) || Math.abs(test.next - reference.next) < Math.abs(t - reference.next))) {
          pair(reference.label, test.label);
          test.advance();
          reference.advance();
        } else {
          pair(reference.label, test.pseudoLabelAt(bigT, false));
          reference.advance();
        }
      }
    }
  }

  /** Counts a pair (null: a label that is not counted) and the RR interval error of the current beats. */
  private void pair(BeatClass ref, BeatClass tst) {
    if (ref != null && tst != null && (ref.isBeat() || tst.isBeat())) {
      matrix.add(ref, tst);
    }
    if (reference.rr > 0 && test.rr > 0) {
      double e = reference.rr - test.rr;
      rrSumSquares += e * e;
      rrCount++;
    }
  }

  /** One annotation stream: the current beat, the next one, RR interval, VF episodes and shutdowns. */
  private final class Side {
    private final List<Annotation> annotations;
    private final boolean isTest;
    private int position;

    long time;
    long next;
    /** Null: no class (before the first beat, after the last). */
    BeatClass label;
    BeatClass nextLabel;
    /** RR interval of the current beat in samples; 0 when not valid. */
    long rr;

    long vfOn = -1;
    long vfOff = -1;
    long previousVfOn = -1;
    long previousVfOff = -1;
    long shutdownOn = -1;
    long shutdownOff = -1;
    long previousShutdownOn = -1;
    long previousShutdownOff = -1;

    Side(List<Annotation> annotations, boolean isTest) {
      this.annotations = annotations;
      this.isTest = isTest;
    }

    /** Makes the next beat current and reads the one after it. */
    void advance() {
      long previous = time;
      time = next;
      label = nextLabel;
      boolean valid = previous != 0 && time != NEVER
          && !startsBetween(previous, vfOn, time) && !startsBetween(previous, shutdownOn, time)
          && !startsBetween(previous, previousVfOn, time) && !startsBetween(previous, previousShutdownOn, time);
      rr = valid ? time - previous : 0;
      readNext();
    }

    private boolean startsBetween(long from, long eventStart, long to) {
      return from <= eventStart && eventStart < to;
    }

    private void readNext() {
      while (position < annotations.size()) {
        Annotation a = annotations.get(position++);
        var c = settings.classMapping().classOf(a.code());
        if (c.isPresent()) {
          next = a.sample();
          nextLabel = c.get();
          return;
        }
        if (a.code() == NOISE && (a.subtype() & SHUTDOWN_BITS) == SHUTDOWN_BITS) {
          if (!readShutdown(a)) {
            return;
          }
        } else if (a.code() == VFON) {
          previousVfOn = vfOn;
          previousVfOff = vfOff;
          vfOn = a.sample();
          Annotation b;
          do {
            if (position >= annotations.size()) {
              endOfBeats();
              return;
            }
            b = annotations.get(position++);
          } while (b.code() != VFOFF);
          vfOff = b.sample();
        }
      }
      endOfBeats();
    }

    /** Reads a shutdown that starts with {@code a}; false when the annotations end inside it. */
    private boolean readShutdown(Annotation a) {
      previousShutdownOn = shutdownOn;
      previousShutdownOff = shutdownOff;
      shutdownOn = a.sample();
      if (position >= annotations.size()) {
        endOfBeats();
        if (isTest) {
          if (end > 0) {
            shutdownSamples += end - shutdownOn;
          } else {
            warnings.add("unterminated shutdown starting at sample " + shutdownOn + " in record " + record
                + " (not included in the shutdown time)");
          }
        } else {
          shutdownOff = NEVER;
        }
        return false;
      }
      Annotation b = annotations.get(position++);
      if (b.code() == NOISE && (b.subtype() & SHUTDOWN_BITS) != SHUTDOWN_BITS) {
        shutdownOff = b.sample();
      } else {
        // One mark for the whole shutdown: assume it spans the gap between the beats around it.
        shutdownOn = (vfOff > time ? vfOff : time) + window;
        shutdownOff = b.sample() - window;
        if (shutdownOn > shutdownOff) {
          shutdownOn = shutdownOff;
        }
        position--; // b is read again as the next annotation
      }
      if (isTest) {
        shutdownSamples += shutdownOff - shutdownOn;
      }
      return true;
    }

    private void endOfBeats() {
      next = NEVER;
      nextLabel = null;
    }

    /**
     * The label an unmatched beat of the other side at time {@code at} is paired with: O, or X
     * inside one of this side's (current or previous) shutdowns; null (not counted) inside one of
     * this side's VF episodes when {@code vfExcludes} (only the reference's VF episodes do).
     */
    BeatClass pseudoLabelAt(long at, boolean vfExcludes) {
      if (vfExcludes && (within(at, vfOn, vfOff, true) || within(at, previousVfOn, previousVfOff, false))) {
        return null;
      }
      if (within(at, shutdownOn, shutdownOff, true) || within(at, previousShutdownOn, previousShutdownOff, false)) {
        return BeatClass.X;
      }
      return BeatClass.O;
    }

    private boolean within(long at, long on, long off, boolean openEnded) {
      return on != -1 && on <= at && (at <= off || (openEnded && off == -1));
    }
  }
}
