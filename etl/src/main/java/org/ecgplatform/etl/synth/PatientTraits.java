package org.ecgplatform.etl.synth;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One synthetic patient: the traits all beats of a record share and that differ from one record
 * (patient) to the next, drawn from seeded distributions, so that an inter-patient evaluation
 * meets patients unlike the ones it trained on, as it does with real recordings.
 *
 * <p>Each trait is the configured value moved by a random deviation scaled by the spread
 * {@code s} ({@code synth.patient-spread}): {@code s = 0} gives every patient the configured
 * values and the shapes of the {@link BeatType} table (identical patients), {@code s = 1} the
 * distributions below. They are chosen to give the kind of differences an arrhythmia database
 * has between patients, not to fit any one database.
 *
 * <pre>
 * trait                   drawn (s = 1)                                   acts on
 * mean heart rate         meanHrBpm · exp(N(0, 0.18)), in [40, 140] bpm  sinus rhythm
 * heart-rate variability  hrStdBpm · exp(N(0, 0.4)), at most HR / 6      sinus rhythm
 * QRS width               × exp(N(0, 0.12)); 12 % of patients × 1.7       Q, R, S widths of every beat
 *                         more (a bundle-branch-block-like wide QRS)
 * frontal QRS axis        60° + N(0, 30°), in [-30°, 120°]                lead 1 (MLII, at +60°): R × (0.5 + 0.5 cos Δ),
 *                                                                         S × (1 + 0.8 |sin Δ|), T × (0.6 + 0.4 cos Δ)
 * lead 2 R/S balance      R and S each × exp(N(0, 0.3))                   lead 2 (V1-like)
 * lead gain               × exp(N(0, 0.2)) per lead                       every wave of the lead
 * ventricular focus       per lead, QRS and T inverted w.p. 0.35;         V beats (F beats: half-way)
 *                         width × exp(N(0, 0.15)), size × exp(N(0, 0.2))
 * atrial prematurity      coupling from [0.65 + U(0, 0.2),               A beats: the later, the harder to tell
 *                         0.85 + U(0, 0.1)] of the sinus RR               from sinus beats
 * ectopic P wave          lead 1 amplitude −0.08 + U(0, 0.16) mV          A beats
 * noise                   snrDb + U(−14, +4) dB                           white noise
 * baseline wander         baselineWanderMv · exp(N(0, 0.5)), ≤ 5 mV       wander
 * ectopy                  an {@link EctopyProfile} by its weight; V, S, F fractions × its multiplier
 *                         × exp(N(0, 0.4)), scaled down together if V + S would exceed 0.45
 * </pre>
 *
 * Deviations scale with {@code s} (probabilities and the profile multipliers' distance from 1
 * too), so {@code 0 < s < 1} gives milder differences. Every draw happens whatever {@code s}, in
 * a fixed order, so a patient depends only on (seed, record index).
 *
 * @param spread the {@code s} the traits were drawn with
 * @param meanHrBpm mean sinus heart rate, bpm
 * @param hrStdBpm standard deviation of the sinus heart rate, bpm
 * @param qrsWidthFactor factor on the QRS widths of the sinus beat
 * @param wideQrs whether the patient has the bundle-branch-block-like wide QRS
 * @param axisDeg frontal QRS axis, degrees
 * @param snrDb signal-to-noise ratio of the white noise, dB (infinite: none)
 * @param baselineWanderMv amplitude of the baseline wander, mV
 * @param ectopy the patient's kind of ectopy
 * @param fractionV expected fraction of V beats
 * @param fractionS expected fraction of S (atrial premature) beats
 * @param fractionF expected fraction of F beats
 * @param vRunProbability probability that a V beat is followed by another V beat
 * @param atrialCouplingMin shortest A-beat coupling, fraction of the sinus RR
 * @param atrialCouplingMax longest A-beat coupling, fraction of the sinus RR
 * @param invertedVLeads per lead, whether the V beats' QRS and T are inverted against the table
 * @param morphologies the shape of each beat type in this patient
 */
public record PatientTraits(
    double spread,
    double meanHrBpm,
    double hrStdBpm,
    double qrsWidthFactor,
    boolean wideQrs,
    double axisDeg,
    double snrDb,
    double baselineWanderMv,
    EctopyProfile ectopy,
    double fractionV,
    double fractionS,
    double fractionF,
    double vRunProbability,
    double atrialCouplingMin,
    double atrialCouplingMax,
    boolean[] invertedVLeads,
    Map<BeatType, Morphology> morphologies) {

  /** Longest run of consecutive V beats. */
  public static final int MAX_V_RUN = 4;
  /** V + S fraction of one patient at most. */
  static final double MAX_ECTOPIC_FRACTION = 0.45;

  private static final int P = Wave.P.ordinal();
  private static final int Q = Wave.Q.ordinal();
  private static final int R = Wave.R.ordinal();
  private static final int S = Wave.S.ordinal();
  private static final int T = Wave.T.ordinal();
  /** Rows of a {@link Morphology}: angles, widths, then amplitudes per lead. */
  private static final int WIDTHS = 1;
  private static final int LEAD0 = 2;

  public PatientTraits {
    invertedVLeads = invertedVLeads.clone();
    morphologies = new EnumMap<>(morphologies);
  }

  /**
   * Draws the patient of one record from {@code random} (a stream of its own, see {@link Seeds})
   * around the configured values, with the configured spread.
   */
  static PatientTraits draw(SynthConfig config, SplittableRandom random) {
    double s = config.patientSpread();
    double meanHr = clamp(config.meanHrBpm() * Math.exp(s * 0.18 * random.nextGaussian()),
        Math.min(40, config.meanHrBpm()), Math.max(140, config.meanHrBpm()));
    double hrStd = Math.min(meanHr / 6, config.hrStdBpm() * Math.exp(s * 0.4 * random.nextGaussian()));

    boolean wide = random.nextDouble() < 0.12 * s;
    double qrsWidth = Math.exp(s * 0.12 * random.nextGaussian()) * (wide ? 1.7 : 1.0);
    double axis = clamp(60 + s * 30 * random.nextGaussian(), -30, 120);
    double delta = Math.toRadians(axis - 60);
    double lead2R = Math.exp(s * 0.3 * random.nextGaussian());
    double lead2S = Math.exp(s * 0.3 * random.nextGaussian());
    double[] gain = new double[Morphology.MAX_LEADS];
    for (int lead = 0; lead < gain.length; lead++) {
      gain[lead] = Math.exp(s * 0.2 * random.nextGaussian());
    }

    boolean[] inverted = new boolean[Morphology.MAX_LEADS];
    for (int lead = 0; lead < inverted.length; lead++) {
      inverted[lead] = random.nextDouble() < 0.35 * s;
    }
    double vWidth = Math.exp(s * 0.15 * random.nextGaussian());
    double vSize = Math.exp(s * 0.2 * random.nextGaussian());

    double couplingMin = 0.65 + s * 0.2 * random.nextDouble();
    double couplingMax = 0.85 + s * 0.1 * random.nextDouble();
    couplingMin = Math.min(couplingMin, couplingMax - 0.05);
    double ectopicP = -0.08 + s * 0.16 * random.nextDouble();

    double snr = config.snrDb() + s * (-14 + 18 * random.nextDouble());
    double wander = Math.min(5, config.baselineWanderMv() * Math.exp(s * 0.5 * random.nextGaussian()));

    EctopyProfile profile = EctopyProfile.at(random.nextDouble());
    double fV = config.fractionV() * toward(profile.vMultiplier(), s) * lognormal(random, s * 0.4);
    double fS = config.fractionS() * toward(profile.sMultiplier(), s) * lognormal(random, s * 0.4);
    double fF = config.fractionF() * toward(profile.fMultiplier(), s) * lognormal(random, s * 0.4);
    if (fV + fS > MAX_ECTOPIC_FRACTION && fV + fS > config.fractionV() + config.fractionS()) {
      double k = Math.max(config.fractionV() + config.fractionS(), MAX_ECTOPIC_FRACTION) / (fV + fS);
      fV *= k;
      fS *= k;
    }
    fF = Math.min(fF, 1 - fV - fS);

    Map<BeatType, Morphology> shapes = new EnumMap<>(BeatType.class);
    double[][] normal = BeatType.NORMAL.morphology().rows();
    scaleQrsWidths(normal, qrsWidth);
    normal[LEAD0][R] *= 0.5 + 0.5 * Math.cos(delta);
    normal[LEAD0][S] *= 1 + 0.8 * Math.abs(Math.sin(delta));
    normal[LEAD0][T] *= 0.6 + 0.4 * Math.cos(delta);
    normal[LEAD0 + 1][R] *= lead2R;
    normal[LEAD0 + 1][S] *= lead2S;
    applyGains(normal, gain);
    shapes.put(BeatType.NORMAL, new Morphology(normal));

    // The atrial beat conducts like a sinus beat: the patient's QRS and T, the table's ectopic P
    // wave at the patient's amplitude.
    double[][] atrial = shapes.get(BeatType.NORMAL).rows();
    double[][] atrialTable = BeatType.PREMATURE_ATRIAL.morphology().rows();
    atrial[0][P] = atrialTable[0][P];
    atrial[WIDTHS][P] = atrialTable[WIDTHS][P];
    double pScale = ectopicP / atrialTable[LEAD0][P];
    for (int lead = 0; lead < Morphology.MAX_LEADS; lead++) {
      atrial[LEAD0 + lead][P] = atrialTable[LEAD0 + lead][P] * pScale * gain[lead];
    }
    shapes.put(BeatType.PREMATURE_ATRIAL, new Morphology(atrial));

    double[][] ventricular = BeatType.PREMATURE_VENTRICULAR.morphology().rows();
    scaleQrsWidths(ventricular, vWidth);
    ventricular[WIDTHS][T] *= vWidth;
    for (int lead = 0; lead < Morphology.MAX_LEADS; lead++) {
      for (int w : new int[] {Q, R, S, T}) {
        ventricular[LEAD0 + lead][w] *= vSize * (inverted[lead] ? -1 : 1);
      }
    }
    applyGains(ventricular, gain);
    shapes.put(BeatType.PREMATURE_VENTRICULAR, new Morphology(ventricular));
    shapes.put(BeatType.FUSION, Morphology.blend(shapes.get(BeatType.NORMAL), shapes.get(BeatType.PREMATURE_VENTRICULAR), 0.5));

    return new PatientTraits(s, meanHr, hrStd, qrsWidth, wide, axis, snr, wander, profile, fV, fS, fF,
        s * profile.vRunProbability(), couplingMin, couplingMax, inverted, shapes);
  }

  /** The shape of a beat type in this patient. */
  public Morphology morphology(BeatType type) {
    return morphologies.get(type);
  }

  @Override
  public boolean[] invertedVLeads() {
    return invertedVLeads.clone();
  }

  /** Mean sinus RR interval, seconds. */
  public double meanRrS() {
    return 60.0 / meanHrBpm;
  }

  /** Shortest coupling interval of a premature beat of {@code type}, fraction of the sinus RR. */
  double minCoupling(BeatType type) {
    return type == BeatType.PREMATURE_ATRIAL ? atrialCouplingMin : type.minCouplingFraction();
  }

  /** Longest coupling interval of a premature beat of {@code type}, fraction of the sinus RR. */
  double maxCoupling(BeatType type) {
    return type == BeatType.PREMATURE_ATRIAL ? atrialCouplingMax : type.maxCouplingFraction();
  }

  /** Expected V beats that follow a V beat in its run. */
  double expectedExtraRunBeats() {
    double e = 0;
    double p = 1;
    for (int k = 1; k < MAX_V_RUN; k++) {
      p *= vRunProbability;
      e += p;
    }
    return e;
  }

  /** One line for logs: "72 bpm, QRS ×1.00, axis +60°, SNR 30 dB, ectopy MIXED (V 5.0 %, S 3.0 %, F 1.0 %)". */
  public String describe() {
    return String.format(Locale.ROOT, "%.0f bpm, QRS x%.2f%s, axis %+.0f deg, SNR %s, ectopy %s (V %.1f %%%s, S %.1f %%,"
            + " F %.1f %%)", meanHrBpm, qrsWidthFactor, wideQrs ? " (wide)" : "", axisDeg,
        Double.isInfinite(snrDb) ? "inf" : String.format(Locale.ROOT, "%.0f dB", snrDb), ectopy, 100 * fractionV,
        vRunProbability > 0 ? " in runs" : "", 100 * fractionS, 100 * fractionF);
  }

  private static void scaleQrsWidths(double[][] rows, double factor) {
    for (int w : new int[] {Q, R, S}) {
      rows[WIDTHS][w] *= factor;
    }
  }

  private static void applyGains(double[][] rows, double[] gain) {
    for (int lead = 0; lead < gain.length; lead++) {
      for (int w = 0; w < rows[LEAD0 + lead].length; w++) {
        rows[LEAD0 + lead][w] *= gain[lead];
      }
    }
  }

  /** {@code 1 + s·(m − 1)}: the multiplier at spread {@code s}. */
  private static double toward(double multiplier, double s) {
    return 1 + s * (multiplier - 1);
  }

  /** A log-normal factor of mean 1 and log-standard deviation {@code sigma}. */
  private static double lognormal(SplittableRandom random, double sigma) {
    return Math.exp(sigma * random.nextGaussian() - sigma * sigma / 2);
  }

  private static double clamp(double v, double lo, double hi) {
    return Math.max(lo, Math.min(hi, v));
  }
}
