package org.ecgplatform.evaluation.metrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.ecgplatform.etl.beats.AamiClass;

/**
 * What a clinician reads first in an annotated record: beats per class, mean heart rate, the
 * longest run of ventricular beats, how many runs of supraventricular beats, the ectopy burden;
 * for the whole record and per hour of recording.
 *
 * <p>Definitions (the annotation job's summary files use them as they are):
 *
 * <ul>
 *   <li><b>mean heart rate</b>, bpm: 60 / the mean RR interval of consecutive beats, that is
 *       {@code 60 × (beats − 1) / (time of last beat − time of first beat)}; undefined (NaN) with
 *       fewer than two beats. Per hour, over the beats of that hour.
 *   <li><b>run</b>: a maximal sequence of consecutive beats of one class. The longest V run counts
 *       single V beats too (1 for an isolated PVC, 0 without V); an S run is an S run of at least
 *       {@code minRunBeats} beats (3 by default: shorter ones are singles and couplets).
 *   <li><b>ectopy burden</b>: the fraction of all beats that are S or V (NaN without beats).
 * </ul>
 *
 * <p>Runs are counted over the beats as given, which must be the record's beats in time order
 * (beats of the hours of a record are counted per hour: a run across an hour boundary is split).
 *
 * @param record record name
 * @param beats beats of the record
 * @param perClass beats per AAMI class (every class present, zero when absent)
 * @param durationS time from the first to the last beat, s
 * @param meanHeartRateBpm mean heart rate, bpm (NaN with fewer than two beats)
 * @param longestVRun longest run of consecutive V beats
 * @param sRuns runs of at least {@code minRunBeats} consecutive S beats
 * @param ectopyBurden (S + V) / beats
 * @param hours the same per hour of recording (hour 0: the first hour from the record start); hours
 *     without beats are left out
 */
public record RhythmSummary(
    String record,
    long beats,
    Map<AamiClass, Long> perClass,
    double durationS,
    double meanHeartRateBpm,
    int longestVRun,
    int sRuns,
    double ectopyBurden,
    List<Hour> hours) implements java.io.Serializable {

  /** Consecutive S beats that make a run, by default: a triplet or longer. */
  public static final int DEFAULT_MIN_RUN_BEATS = 3;

  public RhythmSummary {
    perClass = Collections.unmodifiableMap(new EnumMap<>(perClass));
    hours = List.copyOf(hours);
  }

  /**
   * One hour of a record.
   *
   * @param hour hours since the record start (0 for [0 s, 3600 s))
   */
  public record Hour(int hour, long beats, Map<AamiClass, Long> perClass, double meanHeartRateBpm, int longestVRun,
      int sRuns, double ectopyBurden) implements java.io.Serializable {
    public Hour {
      perClass = Collections.unmodifiableMap(new EnumMap<>(perClass));
    }
  }

  /**
   * The summary of one record's beats.
   *
   * @param timesS beat times from the record start, seconds, ascending
   * @param classes the class of each beat
   * @param minRunBeats consecutive S beats that make an S run (at least 1)
   * @throws IllegalArgumentException when the arrays differ in length, times are not ascending or
   *     {@code minRunBeats} is below 1
   */
  public static RhythmSummary of(String record, double[] timesS, AamiClass[] classes, int minRunBeats) {
    if (timesS.length != classes.length) {
      throw new IllegalArgumentException("Cannot summarise record " + record + ": " + timesS.length + " beat times but "
          + classes.length + " classes");
    }
    if (minRunBeats < 1) {
      throw new IllegalArgumentException("Cannot summarise record " + record + ": a run needs at least 1 beat, got " + minRunBeats);
    }
    for (int i = 1; i < timesS.length; i++) {
      if (timesS[i] < timesS[i - 1]) {
        throw new IllegalArgumentException("Cannot summarise record " + record + ": beat " + i + " at " + timesS[i]
            + " s comes before beat " + (i - 1) + " at " + timesS[i - 1] + " s (beats must be in time order)");
      }
    }
    Part whole = Part.of(timesS, classes, 0, timesS.length, minRunBeats);
    List<Hour> hours = new ArrayList<>();
    int from = 0;
    while (from < timesS.length) {
      int hour = (int) Math.floor(timesS[from] / 3600.0);
      int to = from;
      while (to < timesS.length && timesS[to] < (hour + 1) * 3600.0) {
        to++;
      }
      Part p = Part.of(timesS, classes, from, to, minRunBeats);
      hours.add(new Hour(hour, p.beats, p.perClass, p.meanHr, p.longestV, p.sRuns, p.burden));
      from = to;
    }
    double duration = timesS.length < 2 ? 0 : timesS[timesS.length - 1] - timesS[0];
    return new RhythmSummary(record, whole.beats, whole.perClass, duration, whole.meanHr, whole.longestV, whole.sRuns,
        whole.burden, hours);
  }

  /** Beats of class {@code c}. */
  public long count(AamiClass c) {
    return perClass.getOrDefault(c, 0L);
  }

  /** The figures of beats {@code [from, to)}. */
  private record Part(long beats, Map<AamiClass, Long> perClass, double meanHr, int longestV, int sRuns, double burden) {
    static Part of(double[] t, AamiClass[] c, int from, int to, int minRunBeats) {
      Map<AamiClass, Long> counts = new EnumMap<>(AamiClass.class);
      for (AamiClass k : AamiClass.values()) {
        counts.put(k, 0L);
      }
      int longestV = 0;
      int sRuns = 0;
      int run = 0;
      for (int i = from; i < to; i++) {
        counts.merge(c[i], 1L, Long::sum);
        run = i > from && c[i] == c[i - 1] ? run + 1 : 1;
        boolean runEnds = i + 1 == to || c[i + 1] != c[i];
        if (c[i] == AamiClass.V) {
          longestV = Math.max(longestV, run);
        }
        if (runEnds && c[i] == AamiClass.S && run >= minRunBeats) {
          sRuns++;
        }
      }
      int n = to - from;
      double span = n < 2 ? 0 : t[to - 1] - t[from];
      double meanHr = n < 2 || span <= 0 ? Double.NaN : 60.0 * (n - 1) / span;
      double burden = n == 0 ? Double.NaN : (double) (counts.get(AamiClass.S) + counts.get(AamiClass.V)) / n;
      return new Part(n, counts, meanHr, longestV, sRuns, burden);
    }
  }
}
