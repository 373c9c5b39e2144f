package org.ecgplatform.etl.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * When each beat's R wave occurs and of which {@link BeatType} it is: the sinus rhythm of a
 * {@link RrTachogram} with ectopic beats placed according to the type table and the patient's
 * {@link PatientTraits}.
 *
 * <p>Walkthrough. A sinus clock holds the time the next sinus beat is due. For every beat a type is
 * drawn; an on-time type (N, F) takes the due sinus beat. A premature type comes at
 * {@code c · RR} after the previous beat, {@code c} uniform in the patient's coupling range for
 * the type and {@code RR} the current sinus interval; then its {@link BeatType.Pause} moves the
 * sinus clock: {@code COMPENSATORY} (V) blocks the sinus beats due within half a sinus interval
 * after it and keeps the schedule, so after a single V {@code RR_before + RR_after} equals two
 * sinus intervals; {@code SINUS_RESET} (A) restarts the clock one sinus RR after the ectopic beat.
 * A V beat may start a run: with the patient's run probability the next beat is V again, at a
 * coupling interval from this one, up to {@link PatientTraits#MAX_V_RUN} in a row.
 *
 * <p>Type draws keep the patient's mix: an ectopic beat or run is never drawn right after an
 * ectopic beat, so each one has its post-ectopic on-time beat, and the draw probabilities are
 * divided by the fraction of beats that may start one ({@code 1 - fV - fS}), V's also by the mean
 * run length, so that the expected fractions are {@code fV}, {@code fS}, {@code fF} (exactly
 * without runs). The first beat is always N.
 */
public final class BeatSchedule {
  /** One scheduled beat: R-wave time (s), type, and the sinus RR in force when it was placed (s). */
  public record ScheduledBeat(double rTimeS, BeatType type, double sinusRrS) {}

  /** A sinus beat due less than this fraction of a sinus RR after a V beat is blocked. */
  private static final double VENTRICULAR_REFRACTORY_FRACTION = 0.5;

  private BeatSchedule() {}

  /**
   * Beats from time 0 until the first R wave after {@code untilS}.
   *
   * @param firstRTimeS time of the first R wave, seconds
   */
  static List<ScheduledBeat> generate(PatientTraits patient, RrTachogram tachogram, double firstRTimeS, double untilS,
      SplittableRandom random) {
    double ectopic = patient.fractionV() + patient.fractionS();
    double eligible = 1 - ectopic;
    double pV = patient.fractionV() / (1 + patient.expectedExtraRunBeats()) / eligible;
    double pS = patient.fractionS() / eligible;
    double pF = eligible > 0 ? patient.fractionF() / eligible : 0;

    List<ScheduledBeat> beats = new ArrayList<>();
    double previous = firstRTimeS;
    double sinusDue = previous + tachogram.rrAt(previous);
    beats.add(new ScheduledBeat(previous, BeatType.NORMAL, sinusDue - previous));
    boolean previousEctopic = false;
    int runLeft = 0;
    while (previous <= untilS) {
      BeatType type = BeatType.NORMAL;
      boolean inRun = runLeft > 0;
      if (inRun) {
        type = BeatType.PREMATURE_VENTRICULAR;
        runLeft--;
      } else {
        double u = random.nextDouble();
        if (!previousEctopic && u < pV) {
          type = BeatType.PREMATURE_VENTRICULAR;
          while (patient.vRunProbability() > 0 && runLeft < PatientTraits.MAX_V_RUN - 1
              && random.nextDouble() < patient.vRunProbability()) {
            runLeft++;
          }
        } else if (!previousEctopic && u < pV + pS) {
          type = BeatType.PREMATURE_ATRIAL;
        } else if (random.nextDouble() < pF) {
          type = BeatType.FUSION;
        }
      }
      // Within a run the ventricular rhythm follows the sinus rate, not the blocked sinus clock.
      double sinusRr = inRun ? tachogram.rrAt(previous) : sinusDue - previous;
      double t;
      if (type.isPremature()) {
        double lo = patient.minCoupling(type);
        double c = lo + random.nextDouble() * (patient.maxCoupling(type) - lo);
        t = previous + c * sinusRr;
      } else {
        t = sinusDue;
      }
      sinusDue = switch (type.pause()) {
        case NONE, SINUS_RESET -> t + tachogram.rrAt(t);
        case COMPENSATORY -> {
          double due = sinusDue;
          while (due - t < VENTRICULAR_REFRACTORY_FRACTION * tachogram.rrAt(due)) {
            due += tachogram.rrAt(due);
          }
          yield due;
        }
      };
      beats.add(new ScheduledBeat(t, type, sinusRr));
      previous = t;
      previousEctopic = type.isPremature();
    }
    return beats;
  }
}
