package org.ecgplatform.evaluation.spark;

import com.typesafe.config.Config;
import java.io.Serializable;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.ecgplatform.evaluation.rhythm.AfDetector;
import org.ecgplatform.evaluation.rhythm.AtrialActivity;

/**
 * The irregular-rhythm gate of both modes ({@code evaluation.af-gate.*}, documented in {@code
 * reference.conf}): on by default (the cross-validated choice); on, no beat in an irregular, random rhythm is called S
 * ({@link org.ecgplatform.evaluation.rhythm.AfGate}).
 *
 * @param enabled whether the gate applies
 * @param detector the rhythm detector's settings (checked even when off)
 * @param maxAtrialSimilarity the atrial-activity check's threshold ({@link AtrialActivity}); 1 or
 *     more: off
 * @param atrialFromS seconds before the beat where its atrial segment starts
 * @param atrialToS seconds before the beat where it ends
 */
public record AfGateConfig(boolean enabled, AfDetector detector, double maxAtrialSimilarity, double atrialFromS,
    double atrialToS) implements Serializable {
  static final String SECTION = "af-gate";
  static final Set<String> KEYS = Set.of("enabled", "window-beats", "trim", "min-intervals", "min-nrmssd", "bins",
      "min-entropy", "max-turning-point-z", "max-atrial-similarity", "atrial-from-s", "atrial-to-s");

  public AfGateConfig {
    Objects.requireNonNull(detector, "detector");
  }

  /**
   * The atrial-activity check for a model's windows ({@code samplesBefore} samples before the beat
   * at {@code fsHz}), or null when it does not apply: the gate or the check is off, or the window
   * starts after the segment does ({@link #describe(ScorerSpec)} says so).
   */
  public AtrialActivity atrial(int fsHz, int samplesBefore) {
    if (!enabled || !(maxAtrialSimilarity < 1) || !reaches(fsHz, samplesBefore)) {
      return null;
    }
    try {
      return AtrialActivity.of(atrialFromS, atrialToS, maxAtrialSimilarity, fsHz, samplesBefore);
    } catch (IllegalArgumentException e) {
      throw EvaluationSection.invalid(SECTION, e);
    }
  }

  private boolean reaches(int fsHz, int samplesBefore) {
    return Math.round(atrialFromS * fsHz) <= samplesBefore;
  }

  /** The defaults of {@code reference.conf} (on, trim 8). */
  public static AfGateConfig defaults() {
    return from(com.typesafe.config.ConfigFactory.defaultReference().getConfig(EvaluateConfig.ROOT));
  }

  /** Reads {@code af-gate.*} of the {@code evaluation} section. */
  static AfGateConfig from(Config evaluation) {
    EvaluationSection c = new EvaluationSection(evaluation, SECTION);
    boolean enabled = c.getBoolean("enabled");
    try {
      return new AfGateConfig(enabled, new AfDetector(c.getInt("window-beats"), c.getInt("trim"), c.getInt("min-intervals"),
          c.getDouble("min-nrmssd"), c.getInt("bins"), c.getDouble("min-entropy"), c.getDouble("max-turning-point-z")),
          c.getDouble("max-atrial-similarity"), c.getDouble("atrial-from-s"), c.getDouble("atrial-to-s")).checked();
    } catch (IllegalArgumentException e) {
      throw EvaluationSection.invalid(SECTION, e);
    }
  }

  /** This, once the atrial settings that do not depend on the model's window are checked. */
  private AfGateConfig checked() {
    AtrialActivity.check(atrialFromS, atrialToS, maxAtrialSimilarity);
    return this;
  }

  /** One line for the run's facts and logs, for a model's windows. */
  public String describe(ScorerSpec spec) {
    if (!enabled) {
      return "off";
    }
    String atrial;
    if (!(maxAtrialSimilarity < 1)) {
      atrial = "atrial check off";
    } else if (!reaches(spec.fsHz(), spec.samplesBefore())) {
      atrial = String.format(Locale.ROOT, "atrial check off: the model's window starts %s s before the beat, after %s = %s s",
          (double) spec.samplesBefore() / spec.fsHz(), EvaluateConfig.path(SECTION + ".atrial-from-s"), atrialFromS);
    } else {
      atrial = String.format(Locale.ROOT, "atrial similarity (%s to %s s before the beat) < %s", atrialFromS, atrialToS,
          maxAtrialSimilarity);
    }
    return String.format(Locale.ROOT,
        "on (window %d intervals, trim %d, at least %d; normalised RMSSD >= %s, entropy (%d bins) >= %s, |turning-point z| <= %s; %s)",
        detector.windowBeats(), detector.trim(), detector.minIntervals(), detector.minNrmssd(), detector.bins(),
        detector.minEntropy(), detector.maxTurningPointZ(), atrial);
  }
}
