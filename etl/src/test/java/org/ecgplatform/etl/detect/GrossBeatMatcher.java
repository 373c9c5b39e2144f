package org.ecgplatform.etl.detect;

import java.util.ArrayList;
import java.util.List;
import org.ecgplatform.etl.wfdb.Annotation;

/**
 * Scores detected beats against reference annotations the way PhysioNet's {@code bxb -f 0}
 * counts QRS detection (ANSI/AAMI EC57's beat-by-beat comparison), reduced to gross detection:
 * true positives, false negatives and false positives, and the offsets of matched beats. This is
 * the detection-only subset used by the detector's tests and benchmark; the evaluation module's
 * full comparator (class matrices, shutdown, RR error) supersedes it.
 *
 * <p>Rules, as in {@code bxb.c} of the WFDB Software Package 10.7:
 *
 * <ul>
 *   <li>Reference beats are the annotations WFDB counts as QRS complexes ({@link
 *       Annotation#isBeat()}: N L R B A a J S V r F e j n E / f Q ?), from time 0 to the end.
 *   <li>Ventricular flutter or fibrillation episodes ({@code [} to {@code ]}) are skipped in the
 *       reference, and a detection inside one that matches no reference beat is not counted at
 *       all.
 *   <li>The two files are walked in time order with a window of 0.15 s: the earlier of the current
 *       reference beat T and detection t is paired with the other when they are within the window
 *       and t is closer to T than the next one is (bxb's 2002 amendment also pairs them when the
 *       next detection is closer still to the next reference beat); otherwise the earlier one is
 *       unmatched: a false negative (reference) or a false positive (detection).
 *   <li>Shutdown (noise annotations with both signals unreadable) changes only bxb's X labels, which
 *       count in the QRS figures exactly like O labels; it needs no special case here.
 * </ul>
 *
 * Gross statistics: Se = TP / (TP + FN), +P = TP / (TP + FP).
 */
public final class GrossBeatMatcher {
  /** bxb's match window, s. */
  public static final double WINDOW_S = 0.15;
  private static final long NONE = Long.MAX_VALUE / 4;
  private static final int VFON = 32;
  private static final int VFOFF = 33;

  private GrossBeatMatcher() {}

  /**
   * Counts and lists.
   *
   * @param truePositives matched pairs
   * @param falseNegatives reference beats without a detection
   * @param falsePositives detections without a reference beat (outside flutter episodes)
   * @param missed sample numbers of the false negatives
   * @param extra sample numbers of the false positives
   * @param offsets detection minus reference, samples, per matched pair
   */
  public record Result(int truePositives, int falseNegatives, int falsePositives, long[] missed, long[] extra,
      long[] offsets) {

    /** Gross sensitivity, percent (NaN without reference beats). */
    public double sensitivity() {
      return 100.0 * truePositives / (truePositives + falseNegatives);
    }

    /** Gross positive predictivity, percent (NaN without detections). */
    public double positivePredictivity() {
      return 100.0 * truePositives / (truePositives + falsePositives);
    }
  }

  /**
   * Matches detections against a record's reference annotations.
   *
   * @param reference all annotations of the reference file, in time order
   * @param detections detected beats, sample numbers, ascending
   * @param fsHz the record's sampling frequency
   */
  public static Result match(List<Annotation> reference, long[] detections, double fsHz) {
    List<Long> beats = new ArrayList<>();
    List<long[]> flutter = new ArrayList<>();
    long flutterFrom = -1;
    for (Annotation a : reference) {
      if (flutterFrom >= 0) {
        if (a.code() == VFOFF) {
          flutter.add(new long[] {flutterFrom, a.sample()});
          flutterFrom = -1;
        }
      } else if (a.code() == VFON) {
        flutterFrom = a.sample();
      } else if (a.isBeat()) {
        beats.add(a.sample());
      }
    }
    if (flutterFrom >= 0) {
      flutter.add(new long[] {flutterFrom, NONE});
    }
    long window = Math.round(WINDOW_S * fsHz);
    int tp = 0;
    List<Long> missed = new ArrayList<>();
    List<Long> extra = new ArrayList<>();
    List<Long> offsets = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < beats.size() || j < detections.length) {
      long ref = i < beats.size() ? beats.get(i) : NONE;
      long nextRef = i + 1 < beats.size() ? beats.get(i + 1) : NONE;
      long det = j < detections.length ? detections[j] : NONE;
      long nextDet = j + 1 < detections.length ? detections[j + 1] : NONE;
      boolean pair;
      if (det < ref) {
        pair = ref - det <= window
            && (ref - det < Math.abs(ref - nextDet) || Math.abs(nextRef - nextDet) < Math.abs(ref - nextDet));
        if (!pair) {
          if (!inside(flutter, det)) {
            extra.add(det);
          }
          j++;
          continue;
        }
      } else {
        pair = det - ref <= window
            && (det - ref < Math.abs(det - nextRef) || Math.abs(nextDet - nextRef) < Math.abs(det - nextRef));
        if (!pair) {
          missed.add(ref);
          i++;
          continue;
        }
      }
      tp++;
      offsets.add(det - ref);
      i++;
      j++;
    }
    return new Result(tp, missed.size(), extra.size(), toArray(missed), toArray(extra), toArray(offsets));
  }

  private static boolean inside(List<long[]> episodes, long t) {
    for (long[] e : episodes) {
      if (e[0] <= t && t <= e[1]) {
        return true;
      }
    }
    return false;
  }

  private static long[] toArray(List<Long> values) {
    return values.stream().mapToLong(Long::longValue).toArray();
  }
}
