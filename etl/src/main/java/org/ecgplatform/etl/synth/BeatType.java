package org.ecgplatform.etl.synth;

import org.ecgplatform.etl.beats.AamiClass;

/**
 * The beat types the generator produces: one row per type of the table that holds everything a
 * type means — its MIT-BIH annotation symbol, its AAMI class, when it occurs relative to the sinus
 * rhythm, what it does to the sinus rhythm afterwards, and its {@link Morphology}.
 *
 * <p>Timing, as described in every ECG textbook and used by the {@link BeatSchedule}:
 *
 * <ul>
 *   <li>{@code N}: on time, on the sinus clock.
 *   <li>{@code V} (premature ventricular contraction): early, at 60–80 % of the current sinus RR;
 *       the sinus beat that falls in its refractory period is blocked, the next one comes on time:
 *       a full compensatory pause, {@code RR_before + RR_after = 2 × sinus RR}.
 *   <li>{@code A} (premature atrial contraction, AAMI S): early, at 65–85 % of the current sinus
 *       RR; it discharges and resets the sinus node, so the next sinus beat comes one sinus RR
 *       after it: a non-compensatory pause, {@code RR_before + RR_after < 2 × sinus RR}.
 *   <li>{@code F} (fusion of ventricular and normal): on time, shape between N and V.
 * </ul>
 */
public enum BeatType {
  NORMAL('N', AamiClass.N, Pause.NONE, 1.0, 1.0, Morphology.NORMAL),
  PREMATURE_VENTRICULAR('V', AamiClass.V, Pause.COMPENSATORY, 0.60, 0.80, Morphology.VENTRICULAR),
  PREMATURE_ATRIAL('A', AamiClass.S, Pause.SINUS_RESET, 0.65, 0.85, Morphology.ATRIAL_ECTOPIC),
  FUSION('F', AamiClass.F, Pause.NONE, 1.0, 1.0, Morphology.FUSION);

  /** What a beat does to the sinus clock. */
  public enum Pause {
    /** On-time beat: the sinus clock runs on. */
    NONE,
    /** The blocked sinus beat is skipped; the next one is on the original schedule. */
    COMPENSATORY,
    /** The sinus node is reset: the next sinus beat is one sinus RR after this beat. */
    SINUS_RESET
  }

  private final char mitSymbol;
  private final AamiClass aamiClass;
  private final Pause pause;
  private final double minCouplingFraction;
  private final double maxCouplingFraction;
  private final Morphology morphology;

  BeatType(char mitSymbol, AamiClass aamiClass, Pause pause, double minCouplingFraction, double maxCouplingFraction,
      Morphology morphology) {
    this.mitSymbol = mitSymbol;
    this.aamiClass = aamiClass;
    this.pause = pause;
    this.minCouplingFraction = minCouplingFraction;
    this.maxCouplingFraction = maxCouplingFraction;
    this.morphology = morphology;
  }

  /** MIT-BIH annotation mnemonic written to the {@code .atr} file (N, V, A, F). */
  public char mitSymbol() {
    return mitSymbol;
  }

  public AamiClass aamiClass() {
    return aamiClass;
  }

  public Pause pause() {
    return pause;
  }

  /** Whether the beat comes before the sinus beat is due (coupling fraction below 1). */
  public boolean isPremature() {
    return maxCouplingFraction < 1.0;
  }

  /** Smallest coupling interval, as a fraction of the current sinus RR (1 for on-time beats). */
  public double minCouplingFraction() {
    return minCouplingFraction;
  }

  /** Largest coupling interval, as a fraction of the current sinus RR (1 for on-time beats). */
  public double maxCouplingFraction() {
    return maxCouplingFraction;
  }

  public Morphology morphology() {
    return morphology;
  }

  /** The type annotated with the given MIT symbol. */
  public static BeatType ofSymbol(char symbol) {
    for (BeatType t : values()) {
      if (t.mitSymbol == symbol) {
        return t;
      }
    }
    throw new IllegalArgumentException("Cannot map MIT symbol '" + symbol + "' to a synthetic beat type (known: N, V, A, F)");
  }
}
