package org.ecgplatform.etl.synth;

/**
 * The kinds of ectopy a synthetic patient may have, as a table: how often a patient is of the
 * kind, and how it scales the database's configured fractions of V, S and F beats. As in an
 * arrhythmia database, many patients have hardly any ectopic beats, some many atrial ones, some
 * many ventricular ones, which come in runs (couplets, salvos) as well as alone.
 *
 * <p>The weights sum to 1 and each multiplier averages about 1 over the weights, so that a large
 * database keeps the configured overall mix while its patients differ.
 */
public enum EctopyProfile {
  //          weight  ×V    ×S    ×F    V-run probability
  SINUS_ONLY(  0.30,  0.0,  0.0,  0.0,  0.0),
  ATRIAL(      0.25,  0.2,  3.0,  0.2,  0.0),
  VENTRICULAR( 0.25,  3.0,  0.2,  2.5,  0.3),
  MIXED(       0.20,  1.2,  1.2,  1.5,  0.1);

  private final double weight;
  private final double vMultiplier;
  private final double sMultiplier;
  private final double fMultiplier;
  private final double vRunProbability;

  EctopyProfile(double weight, double vMultiplier, double sMultiplier, double fMultiplier, double vRunProbability) {
    this.weight = weight;
    this.vMultiplier = vMultiplier;
    this.sMultiplier = sMultiplier;
    this.fMultiplier = fMultiplier;
    this.vRunProbability = vRunProbability;
  }

  /** Share of patients of this kind. */
  public double weight() {
    return weight;
  }

  /** Factor on the configured fraction of V beats. */
  public double vMultiplier() {
    return vMultiplier;
  }

  /** Factor on the configured fraction of S (atrial premature) beats. */
  public double sMultiplier() {
    return sMultiplier;
  }

  /** Factor on the configured fraction of F beats. */
  public double fMultiplier() {
    return fMultiplier;
  }

  /** Probability that a V beat is followed by another (a run), at most {@link PatientTraits#MAX_V_RUN} in a row. */
  public double vRunProbability() {
    return vRunProbability;
  }

  /** The profile at cumulative weight {@code u} in [0, 1). */
  static EctopyProfile at(double u) {
    double acc = 0;
    for (EctopyProfile p : values()) {
      acc += p.weight;
      if (u < acc) {
        return p;
      }
    }
    return values()[values().length - 1];
  }
}
