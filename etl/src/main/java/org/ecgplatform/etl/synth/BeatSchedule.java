package org.ecgplatform.etl.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * When each beat's R wave occurs and of which {@link BeatType} it is: the sinus rhythm of a
 * {@link RrTachogram} with ectopic beats placed according to the type table.
 *
 * <p>Walkthrough. A sinus clock holds the time the next sinus beat is due. For every beat a type is
 * drawn; an on-time type (N, F) takes the due sinus beat. A premature type comes at
 * {@code c · RR} after the previous beat, {@code c} uniform in the type's coupling range and
 * {@code RR} the current sinus interval; then its {@link BeatType.Pause} moves the sinus clock:
 * {@code COMPENSATORY} (V) skips the blocked sinus beat and keeps the schedule, so
 * {@code RR_before + RR_after} equals two sinus intervals; {@code SINUS_RESET} (A) restarts the
 * clock one sinus RR after the ectopic beat.
 *
 * <p>Type draws keep the configured mix: ectopic beats are never drawn right after an ectopic
 * beat, so each one has its post-ectopic on-time beat, and the draw probabilities are divided by
 * the fraction of beats that may be ectopic ({@code 1 - fV - fS}) so that the expected fractions
 * are exactly {@code fV}, {@code fS}, {@code fF}. The first beat is always N.
 */
public final class BeatSchedule {
  /** One scheduled beat: R-wave time (s), type, and the sinus RR in force when it was placed (s). */
  public record ScheduledBeat(double rTimeS, BeatType type, double sinusRrS) {}

  private BeatSchedule() {}

  /**
   * Beats from time 0 until the first R wave after {@code untilS}.
   *
   * @param firstRTimeS time of the first R wave, seconds
   */
  static List<ScheduledBeat> generate(SynthConfig config, RrTachogram tachogram, double firstRTimeS, double untilS,
      SplittableRandom random) {
    double ectopic = config.fractionV() + config.fractionS();
    double eligible = 1 - ectopic;
    double pV = config.fractionV() / eligible;
    double pS = config.fractionS() / eligible;
    double pF = eligible > 0 ? config.fractionF() / eligible : 0;

    List<ScheduledBeat> beats = new ArrayList<>();
    double previous = firstRTimeS;
    double sinusDue = previous + tachogram.rrAt(previous);
    beats.add(new ScheduledBeat(previous, BeatType.NORMAL, sinusDue - previous));
    boolean previousEctopic = false;
    while (previous <= untilS) {
      BeatType type = BeatType.NORMAL;
      double u = random.nextDouble();
      if (!previousEctopic && u < pV) {
        type = BeatType.PREMATURE_VENTRICULAR;
      } else if (!previousEctopic && u < pV + pS) {
        type = BeatType.PREMATURE_ATRIAL;
      } else if (random.nextDouble() < pF) {
        type = BeatType.FUSION;
      }
      double sinusRr = sinusDue - previous;
      double t;
      if (type.isPremature()) {
        double c = type.minCouplingFraction()
            + random.nextDouble() * (type.maxCouplingFraction() - type.minCouplingFraction());
        t = previous + c * sinusRr;
      } else {
        t = sinusDue;
      }
      sinusDue = switch (type.pause()) {
        case NONE -> t + tachogram.rrAt(t);
        case COMPENSATORY -> sinusDue + tachogram.rrAt(sinusDue);
        case SINUS_RESET -> t + tachogram.rrAt(t);
      };
      beats.add(new ScheduledBeat(t, type, sinusRr));
      previous = t;
      previousEctopic = type.isPremature();
    }
    return beats;
  }
}
